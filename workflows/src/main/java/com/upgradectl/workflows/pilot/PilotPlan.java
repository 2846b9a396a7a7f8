package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.DatabaseNames;
import com.upgradectl.workflows.common.PackageRef;

/**
 * Everything a pilot upgrade needs, as given at start. Carries a connection PROFILE name, never
 * credentials: the worker resolves the profile from its own configuration.
 *
 * @param serverProfile the worker's connection profile for the server holding production
 * @param productionDatabase the database being upgraded
 * @param pilotDatabase the new database created with the target schema
 * @param archiveDatabase the name production is renamed to at the switch
 * @param parallelism how many tables are copied at once
 */
public record PilotPlan(
    String serverProfile,
    String productionDatabase,
    String pilotDatabase,
    String archiveDatabase,
    PackageRef upgradePackage,
    int parallelism) {

  /** Default names derived from the production name and the target version. */
  public static PilotPlan withDefaults(String profile, String production, String pilot, String archive,
      PackageRef pkg, int parallelism) {
    String p = pilot != null ? pilot : production + "_v" + pkg.toVersion() + "_pilot";
    String a = archive != null ? archive : production + "_v" + pkg.fromVersion() + "_archive";
    return new PilotPlan(profile, production, p, a, pkg, parallelism > 0 ? parallelism : 2);
  }

  /** Refuses names that break the naming rule or collide; throws IllegalArgumentException naming the problem. */
  public PilotPlan validated() {
    if (serverProfile == null || serverProfile.isBlank()) {
      throw new IllegalArgumentException("server profile is missing");
    }
    if (upgradePackage == null) {
      throw new IllegalArgumentException("upgrade package is missing");
    }
    DatabaseNames.requireValid("production database", productionDatabase);
    DatabaseNames.requireValid("pilot database", pilotDatabase);
    DatabaseNames.requireValid("archive database", archiveDatabase);
    if (pilotDatabase.equalsIgnoreCase(productionDatabase)) {
      throw new IllegalArgumentException("pilot database name must differ from the production database name");
    }
    if (archiveDatabase.equalsIgnoreCase(productionDatabase) || archiveDatabase.equalsIgnoreCase(pilotDatabase)) {
      throw new IllegalArgumentException("archive database name must differ from the production and pilot names");
    }
    if (parallelism < 1 || parallelism > 32) {
      throw new IllegalArgumentException("parallelism must be between 1 and 32, was " + parallelism);
    }
    return this;
  }
}
