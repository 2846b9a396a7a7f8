package com.upgradectl.examples;

import com.upgradectl.pkg.PackageDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sample upgrade package (service desk 1 -> 2), packed into the jars under
 * {@value #RESOURCE_DIR}. Upgrades read packages from directories, so the demo extracts it first.
 */
public final class SamplePackage {
  /** The package's directory name, in the source tree and when extracted. */
  public static final String NAME = "servicedesk-1-to-2";
  /** Where the package lies on the classpath. */
  public static final String RESOURCE_DIR = "upgradectl-samples/" + NAME;

  /** The constraint the failing copy's last migration cannot add; the failure names it. */
  public static final String FAILING_CONSTRAINT = "demo_never_true";
  /** Appended to the failing copy's last migration: every ticket has id > 0, so it fails after every earlier statement ran. */
  public static final String FAILING_STATEMENT =
      "\n-- added to make this copy fail: every ticket has id > 0, so this constraint cannot be added\n"
          + "ALTER TABLE tickets ADD CONSTRAINT " + FAILING_CONSTRAINT + " CHECK (id < 0);\n";
  private static final String LAST_POSTGRESQL_MIGRATION = "postgresql/migrations/V2__from_v1.sql";

  private SamplePackage() {}

  /**
   * Copies the package into {@code parent}/{@value #NAME} and returns that directory. Extracting
   * again over an identical copy is fine; a directory of that name holding anything else is never
   * overwritten.
   *
   * @throws IllegalStateException when the target directory exists with other content
   */
  public static Path extractTo(Path parent) {
    return extractTo(parent, SamplePackage.class.getClassLoader());
  }

  /**
   * Extracts the package into {@code parent}/{@value #NAME} with {@link #FAILING_STATEMENT} appended
   * to its last PostgreSQL migration: an upgrade that fails at its very end, so that production has
   * to be restored from the safety copy.
   *
   * @throws IllegalStateException when the target directory exists and is not empty
   */
  public static Path extractFailingCopyTo(Path parent) {
    Path target = parent.toAbsolutePath().normalize().resolve(NAME);
    if (Files.exists(target) && !isEmptyDirectory(target)) {
      throw new IllegalStateException(target + " already exists: extract the failing copy into an empty directory");
    }
    Path dir = extractTo(parent);
    try {
      Files.writeString(dir.resolve(LAST_POSTGRESQL_MIGRATION), FAILING_STATEMENT, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the failing migration into " + dir, e);
    }
    return dir;
  }

  /** As {@link #extractTo(Path)}, reading the package through {@code classLoader} (tests read it from a jar). */
  static synchronized Path extractTo(Path parent, ClassLoader classLoader) {
    Path target = parent.toAbsolutePath().normalize().resolve(NAME);
    withPackedPackage(classLoader, packed -> {
      if (Files.exists(target) && !isEmptyDirectory(target)) {
        if (PackageDigest.of(target).equals(PackageDigest.of(packed))) {
          return;
        }
        throw new IllegalStateException(target + " already exists and is not the sample package: remove it or extract elsewhere");
      }
      copyTree(packed, target);
    });
    return target;
  }

  private interface PackedPackageUse {
    void accept(Path packed) throws IOException;
  }

  /** Gives the packed package as a Path, whether the classpath holds it in a directory or in a jar. */
  private static void withPackedPackage(ClassLoader classLoader, PackedPackageUse use) {
    URL manifest = classLoader.getResource(RESOURCE_DIR + "/package.yaml");
    if (manifest == null) {
      throw new IllegalStateException("the sample package is not on the classpath (" + RESOURCE_DIR + "): is the examples jar missing?");
    }
    try {
      URI uri = manifest.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (JarFileSystem jar = JarFileSystem.open(uri)) {
          use.accept(jar.fileSystem().getPath("/" + RESOURCE_DIR));
        }
      } else {
        use.accept(Path.of(uri).getParent());
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the sample package at " + manifest, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample package at " + manifest, e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(from)) {
      sources = walk.toList();
    }
    for (Path source : sources) {
      // resolve by name: the jar's file system and the default one have different Path types
      Path destination = to;
      for (Path part : from.relativize(source)) {
        destination = destination.resolve(part.toString());
      }
      if (Files.isDirectory(source)) {
        Files.createDirectories(destination);
      } else {
        Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** A jar opened as a file system; closed after use only if this class opened it. */
  private record JarFileSystem(FileSystem fileSystem, boolean openedHere) implements AutoCloseable {
    static JarFileSystem open(URI uri) throws IOException {
      try {
        return new JarFileSystem(FileSystems.newFileSystem(uri, Map.of()), true);
      } catch (FileSystemAlreadyExistsException e) {
        return new JarFileSystem(FileSystems.getFileSystem(uri), false);
      }
    }

    @Override
    public void close() throws IOException {
      if (openedHere) {
        fileSystem.close();
      }
    }
  }
}
