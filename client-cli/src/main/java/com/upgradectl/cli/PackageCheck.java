package com.upgradectl.cli;

import com.upgradectl.pkg.InvalidPackageException;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.PackageRef;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads and validates an upgrade package on the operator's machine, before any workflow starts. */
final class PackageCheck {
  private PackageCheck() {}

  /** @throws CommandFailure bad input listing every problem with its file and line */
  static UpgradePackage load(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      throw CommandFailure.badInput("upgrade package " + absolute + " is not a directory");
    }
    try {
      return UpgradePackageLoader.load(absolute);
    } catch (InvalidPackageException e) {
      throw CommandFailure.badInput(e.getMessage());
    }
  }

  /** What the workflow carries: where the worker reads the package, and the digest it must still have. */
  static PackageRef reference(UpgradePackage pkg) {
    return new PackageRef(pkg.root().toAbsolutePath().normalize().toString(), pkg.digest(), pkg.name(),
        pkg.fromVersion(), pkg.toVersion());
  }
}
