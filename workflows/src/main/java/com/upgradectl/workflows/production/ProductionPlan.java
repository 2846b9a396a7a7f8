package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.DatabaseNames;
import com.upgradectl.workflows.common.PackageRef;

/**
 * Everything a production upgrade needs, as given at start. Carries a connection PROFILE name, never
 * credentials: the worker resolves the profile from its own configuration.
 *
 * @param serverProfile the worker's connection profile for the server holding production
 * @param productionDatabase the database upgraded in place
 * @param safetyCopyDatabase the copy of production taken before the migrations; production is restored
 *     from it when anything fails
 * @param keepSafetyCopy keep the safety copy after a successful upgrade (it is dropped otherwise)
 */
public record ProductionPlan(
    String serverProfile,
    String productionDatabase,
    String safetyCopyDatabase,
    PackageRef upgradePackage,
    boolean keepSafetyCopy) {

  /** The safety copy's default name is derived from production's name and the version it holds. */
  public static ProductionPlan withDefaults(String profile, String production, String safetyCopy, PackageRef pkg,
      boolean keepSafetyCopy) {
    String safety = safetyCopy != null ? safetyCopy
        : production + "_v" + (pkg == null ? "" : pkg.fromVersion()) + "_safety";
    return new ProductionPlan(profile, production, safety, pkg, keepSafetyCopy);
  }

  /** Refuses names that break the naming rule or collide; throws IllegalArgumentException naming the problem. */
  public ProductionPlan validated() {
    if (serverProfile == null || serverProfile.isBlank()) {
      throw new IllegalArgumentException("server profile is missing");
    }
    if (upgradePackage == null) {
      throw new IllegalArgumentException("upgrade package is missing");
    }
    DatabaseNames.requireValid("production database", productionDatabase);
    DatabaseNames.requireValid("safety copy database", safetyCopyDatabase);
    if (safetyCopyDatabase.equalsIgnoreCase(productionDatabase)) {
      throw new IllegalArgumentException("safety copy database name must differ from the production database name");
    }
    return this;
  }
}
