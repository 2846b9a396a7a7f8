package com.upgradectl.workflows.production;

/** Temporal's workflow-id uniqueness gives "one production upgrade per production database at a time". */
public final class ProductionWorkflowIds {
  public static final String PREFIX = "production-upgrade/";

  private ProductionWorkflowIds() {}

  public static String of(String serverProfile, String productionDatabase) {
    return PREFIX + serverProfile + "/" + productionDatabase;
  }
}
