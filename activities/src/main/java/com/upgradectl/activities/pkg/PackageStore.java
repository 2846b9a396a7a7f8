package com.upgradectl.activities.pkg;

import com.upgradectl.activities.platform.Failures;
import com.upgradectl.pkg.InvalidPackageException;
import com.upgradectl.pkg.PackageDigest;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.PackageRef;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The upgrade package a {@link PackageRef} names, exactly as it was when the upgrade started.
 *
 * <p>Scripts are read from the package directory when they run, so the digest is taken again on
 * every call: a package edited in place is refused, never half-used. What the cache saves is the
 * parsing and validation of an unchanged package.
 */
public final class PackageStore {
  private final Function<Path, UpgradePackage> loader;
  private final ConcurrentMap<CacheKey, UpgradePackage> loaded = new ConcurrentHashMap<>();

  public PackageStore() {
    this(UpgradePackageLoader::load);
  }

  /** @param loader reads and validates a package directory (tests pass packages built in code) */
  public PackageStore(Function<Path, UpgradePackage> loader) {
    this.loader = loader;
  }

  /**
   * @throws io.temporal.failure.ApplicationFailure non-retryable PackageChanged when the files
   *     differ from {@code ref.digest()}, BadInput when the package cannot be read or is invalid
   */
  public UpgradePackage load(PackageRef ref) {
    Path root = Path.of(ref.location()).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw Failures.badInput("there is no upgrade package at " + root + " (not a directory the worker can read)");
    }
    String digest = digestOf(root);
    requireDigest(root, digest, ref.digest());
    return loaded.computeIfAbsent(new CacheKey(root, digest), key -> {
      UpgradePackage pkg = parse(root);
      // The files may have changed between taking the digest and parsing them.
      requireDigest(root, pkg.digest(), ref.digest());
      return pkg;
    });
  }

  private UpgradePackage parse(Path root) {
    try {
      return loader.apply(root);
    } catch (InvalidPackageException e) {
      throw Failures.badInput(e.getMessage(), e);
    }
  }

  private static String digestOf(Path root) {
    try {
      return PackageDigest.of(root);
    } catch (UncheckedIOException e) {
      throw Failures.badInput("cannot read the upgrade package at " + root + ": " + e.getCause().getMessage(), e);
    }
  }

  private static void requireDigest(Path root, String actual, String expected) {
    if (!actual.equalsIgnoreCase(expected)) {
      throw Failures.packageChanged("package at " + root + " changed since the upgrade started (digest now "
          + actual + ", expected " + expected + "); start a new upgrade with the package as it is now");
    }
  }

  private record CacheKey(Path root, String digest) {}
}
