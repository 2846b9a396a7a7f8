package com.upgradectl.cli;

import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.production.ProductionPlan;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What names a production upgrade, for `production upgrade` and `preflight production` alike. */
final class ProductionPlanOptions {
  @Option(names = "--profile", required = true, paramLabel = "PROFILE",
      description = "the worker's connection profile of the production server")
  String profile;

  @Option(names = "--database", required = true, paramLabel = "DATABASE", description = "the production database")
  String database;

  @Option(names = "--package", required = true, paramLabel = "DIR", description = "the upgrade package directory")
  Path packageDir;

  @Option(names = "--safety-copy-name", paramLabel = "NAME", description = "default: <database>_v<from>_safety")
  String safetyCopyName;

  @Option(names = "--keep-safety-copy",
      description = "keep the safety copy after a successful upgrade (default: it is dropped once production is verified"
          + " and open again; after a failure it has become production again)")
  boolean keepSafetyCopy;

  /** The package as loaded and checked by {@link #plan()}. */
  UpgradePackage pkg;

  /** Checks the names and the package locally and returns the validated plan; bad input throws exit 2. */
  ProductionPlan plan() {
    UpgradeTarget.requireProfile(profile);
    UpgradeTarget.requireDatabase("production database", database);
    if (safetyCopyName != null) {
      UpgradeTarget.requireDatabase("safety copy database", safetyCopyName);
    }
    pkg = PackageCheck.load(packageDir);
    try {
      return ProductionPlan.withDefaults(profile, database, safetyCopyName, PackageCheck.reference(pkg), keepSafetyCopy)
          .validated();
    } catch (IllegalArgumentException e) {
      throw CommandFailure.badInput(e.getMessage());
    }
  }
}
