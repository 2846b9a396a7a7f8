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
 * @param switchBackGraceMinutes how long after the switch a switch-back is possible; 0 = none (the
 *     workflow ends at the switch). Absent in plans started before switch-back existed: 0.
 * @param switchedBackName the name the switched database gets at a switch-back, as the operator chose
 *     it; null for the default (see {@link #switchedBackDatabase()})
 */
public record PilotPlan(
    String serverProfile,
    String productionDatabase,
    String pilotDatabase,
    String archiveDatabase,
    PackageRef upgradePackage,
    int parallelism,
    int switchBackGraceMinutes,
    String switchedBackName) {

  /** The longest switch-back grace period: 30 days. Longer, the archive would be too stale to restore. */
  public static final int MAX_SWITCH_BACK_GRACE_MINUTES = 30 * 24 * 60;

  /** A plan with the default switched-back name (the shape plans had before it could be chosen). */
  public PilotPlan(String serverProfile, String productionDatabase, String pilotDatabase, String archiveDatabase,
      PackageRef upgradePackage, int parallelism, int switchBackGraceMinutes) {
    this(serverProfile, productionDatabase, pilotDatabase, archiveDatabase, upgradePackage, parallelism,
        switchBackGraceMinutes, null);
  }

  /** A plan without switch-back (the shape plans had before switch-back existed). */
  public PilotPlan(String serverProfile, String productionDatabase, String pilotDatabase, String archiveDatabase,
      PackageRef upgradePackage, int parallelism) {
    this(serverProfile, productionDatabase, pilotDatabase, archiveDatabase, upgradePackage, parallelism, 0);
  }

  /** This plan with a switch-back grace period of {@code minutes} (0 = none). */
  public PilotPlan withSwitchBackGrace(int minutes) {
    return new PilotPlan(serverProfile, productionDatabase, pilotDatabase, archiveDatabase, upgradePackage,
        parallelism, minutes, switchedBackName);
  }

  /** This plan with the switched-back name chosen by the operator (null = the default). */
  public PilotPlan withSwitchedBackName(String name) {
    return new PilotPlan(serverProfile, productionDatabase, pilotDatabase, archiveDatabase, upgradePackage,
        parallelism, switchBackGraceMinutes, name);
  }

  /**
   * The name the switched database (the new production) gets when it is switched back: it is kept
   * under it, never dropped: the operator's choice, or {@code <production>_v<to>_switched_back}. Not an
   * accessor, so Jackson does not serialize it.
   */
  public String switchedBackDatabase() {
    if (switchedBackName != null) {
      return switchedBackName;
    }
    return productionDatabase + "_v" + upgradePackage.toVersion() + "_switched_back";
  }

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
    if (switchBackGraceMinutes < 0 || switchBackGraceMinutes > MAX_SWITCH_BACK_GRACE_MINUTES) {
      throw new IllegalArgumentException("switch-back grace period must be between 0 (no switch-back) and "
          + MAX_SWITCH_BACK_GRACE_MINUTES + " minutes (30 days), was " + switchBackGraceMinutes + " minutes");
    }
    if (switchedBackName != null && switchBackGraceMinutes == 0) {
      throw new IllegalArgumentException("a switched-back name (" + switchedBackName + ") needs a switch-back grace"
          + " period: without one there is no switch-back");
    }
    if (switchBackGraceMinutes > 0) {
      String aside = DatabaseNames.requireValid("switched-back database", switchedBackDatabase());
      if (aside.equalsIgnoreCase(pilotDatabase) || aside.equalsIgnoreCase(archiveDatabase)
          || aside.equalsIgnoreCase(productionDatabase)) {
        throw new IllegalArgumentException("the name the switched database gets at a switch-back, " + aside
            + ", must differ from the production, pilot and archive names");
      }
    }
    return this;
  }
}
