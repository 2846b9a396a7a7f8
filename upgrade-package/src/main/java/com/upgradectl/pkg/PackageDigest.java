package com.upgradectl.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 over every regular file of a package directory: its path relative to the directory
 * (with '/' separators) and its bytes, files in path order. Renaming, adding, removing or editing
 * any file changes the digest, so a package validated once is recognised byte for byte later.
 */
public final class PackageDigest {
  private PackageDigest() {}

  /** @return 64 lower-case hex digits */
  public static String of(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    MessageDigest sha256 = newSha256();
    for (Path file : regularFiles(root)) {
      byte[] name = relativeName(root, file).getBytes(StandardCharsets.UTF_8);
      // lengths frame every field, so that no two different packages hash the same byte stream
      sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
      sha256.update(name);
      sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(size(file)).array());
      feed(sha256, file);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static List<Path> regularFiles(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile)
          .sorted((a, b) -> relativeName(root, a).compareTo(relativeName(root, b)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of package " + root, e);
    }
  }

  private static String relativeName(Path root, Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read package file " + file, e);
    }
  }

  private static void feed(MessageDigest sha256, Path file) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read package file " + file, e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
