package com.upgradectl.cli;

import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.pilot.PilotPlan;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What names a pilot upgrade, for `pilot start` and `preflight pilot` alike. */
final class PilotPlanOptions {
  @Option(names = "--profile", required = true, paramLabel = "PROFILE",
      description = "the worker's connection profile of the production server")
  String profile;

  @Option(names = "--database", required = true, paramLabel = "DATABASE", description = "the production database")
  String database;

  @Option(names = "--package", required = true, paramLabel = "DIR", description = "the upgrade package directory")
  Path packageDir;

  @Option(names = "--pilot-name", paramLabel = "NAME", description = "default: <database>_v<to>_pilot")
  String pilotName;

  @Option(names = "--archive-name", paramLabel = "NAME",
      description = "the name production gets at the switch; default: <database>_v<from>_archive")
  String archiveName;

  @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N",
      description = "tables copied at once, 1 to 32 (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(names = "--switch-back-grace", defaultValue = "0", paramLabel = "DURATION",
      description = "how long after the switch `pilot switch-back` can make the archive production again, e.g. 2h,"
          + " 30m, 7d (at most 30 days); the new production records its writes meanwhile. 0 (default): no switch-back")
  String switchBackGrace;

  @Option(names = "--switched-back-name", paramLabel = "NAME", description = "with --switch-back-grace: the name"
      + " the new production is kept under if switched back; default: <database>_v<to>_switched_back")
  String switchedBackName;

  /** The package as loaded and checked by {@link #plan()}. */
  UpgradePackage pkg;

  /** Checks the names and the package locally and returns the validated plan; bad input throws exit 2. */
  PilotPlan plan() {
    // cheap checks first, the package next, Temporal last: bad input never reaches a server
    UpgradeTarget.requireProfile(profile);
    UpgradeTarget.requireDatabase("production database", database);
    if (pilotName != null) {
      UpgradeTarget.requireDatabase("pilot database", pilotName);
    }
    if (archiveName != null) {
      UpgradeTarget.requireDatabase("archive database", archiveName);
    }
    if (switchedBackName != null) {
      UpgradeTarget.requireDatabase("switched-back database", switchedBackName);
    }
    if (parallelism < 1 || parallelism > 32) {
      throw CommandFailure.badInput("--parallelism must be between 1 and 32, was " + parallelism);
    }
    int graceMinutes = GraceDuration.minutes(switchBackGrace);
    try {
      pkg = PackageCheck.load(packageDir);
      return PilotPlan.withDefaults(profile, database, pilotName, archiveName, PackageCheck.reference(pkg), parallelism)
          .withSwitchBackGrace(graceMinutes).withSwitchedBackName(switchedBackName).validated();
    } catch (IllegalArgumentException e) {
      throw CommandFailure.badInput(e.getMessage());
    }
  }
}
