package com.upgradectl.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads an upgrade package directory and validates everything that can be checked without a
 * database: YAML syntax, required and unknown keys, table classes, column overrides, identifiers,
 * script files. Every problem is reported at once, each with its file and line. Checks against the
 * schemas themselves are {@link com.upgradectl.pkg.schema.SchemaCheck}'s job.
 */
public final class UpgradePackageLoader {
  /** The manifest's file name inside a package directory. */
  public static final String MANIFEST = "package.yaml";

  private UpgradePackageLoader() {}

  /** @throws InvalidPackageException listing every problem found */
  public static UpgradePackage load(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    Path manifestFile = root.resolve(MANIFEST);
    if (!Files.isDirectory(root)) {
      throw invalid(root, new PackageProblem(new SourceLocation(root.toString(), 0), "is not a directory: a package is a directory holding " + MANIFEST + " and its SQL files"));
    }
    if (!Files.isRegularFile(manifestFile)) {
      throw invalid(root, new PackageProblem(new SourceLocation(MANIFEST, 0), "is missing from the package directory"));
    }
    String text = readUtf8(root, manifestFile);
    YamlNode document;
    try {
      document = YamlTreeReader.read(MANIFEST, text);
    } catch (YamlTreeReader.SyntaxError e) {
      throw invalid(root, new PackageProblem(e.location, e.getMessage()));
    }
    Problems problems = new Problems();
    ManifestReader.Manifest manifest = new ManifestReader(root, problems).read(document, MANIFEST);
    if (!problems.isEmpty()) {
      throw new InvalidPackageException(root.toString(), problems.list());
    }
    return new UpgradePackage(
        root,
        manifest.name(),
        manifest.fromVersion(),
        manifest.toVersion(),
        PackageDigest.of(root),
        manifest.versionQuery(),
        manifest.tables(),
        manifest.platforms(),
        manifest.tablesLocation());
  }

  /**
   * Loads a package that must be byte for byte the one validated earlier (same digest), so that
   * every retry and every step of an upgrade runs the same package.
   *
   * @throws InvalidPackageException when the package is invalid or its files changed since
   */
  public static UpgradePackage load(Path dir, String expectedDigest) {
    UpgradePackage loaded = load(dir);
    if (!loaded.digest().equalsIgnoreCase(expectedDigest)) {
      throw invalid(loaded.root(), new PackageProblem(new SourceLocation(MANIFEST, 0),
          "the package's files changed since it was validated (digest " + loaded.digest() + ", expected " + expectedDigest
              + "); validate the package again and start a new upgrade with it"));
    }
    return loaded;
  }

  private static String readUtf8(Path root, Path file) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw invalid(root, new PackageProblem(new SourceLocation(MANIFEST, 0), "is not valid UTF-8 text"));
    } catch (IOException e) {
      throw invalid(root, new PackageProblem(new SourceLocation(MANIFEST, 0), "cannot be read: " + e));
    }
  }

  private static InvalidPackageException invalid(Path root, PackageProblem problem) {
    return new InvalidPackageException(root.toString(), List.of(problem));
  }
}
