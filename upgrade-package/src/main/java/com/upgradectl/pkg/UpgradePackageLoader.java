package com.upgradectl.pkg;

import java.nio.file.Path;
import java.util.List;

/** PLACEHOLDER for the package helper's loader; replaced when main carries the real one. */
public final class UpgradePackageLoader {
  private UpgradePackageLoader() {}

  public static UpgradePackage load(Path dir) {
    throw new InvalidPackageException(dir.toString(),
        List.of(new PackageProblem(new SourceLocation("package.yaml", 0), "placeholder loader")));
  }
}
