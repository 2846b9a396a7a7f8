package com.upgradectl.pkg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** PLACEHOLDER for the package helper's digest; replaced when main carries the real one. */
public final class PackageDigest {
  private PackageDigest() {}

  public static String of(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    try (Stream<Path> paths = Files.walk(root)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<Path> files = paths.filter(Files::isRegularFile).sorted().toList();
      for (Path file : files) {
        sha.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read package " + root, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
