package com.upgradectl.workflows.pilot;

/** Temporal's workflow-id uniqueness gives "one pilot upgrade per production database". */
public final class PilotWorkflowIds {
  public static final String PREFIX = "pilot-upgrade/";

  private PilotWorkflowIds() {}

  public static String of(String serverProfile, String productionDatabase) {
    return PREFIX + serverProfile + "/" + productionDatabase;
  }
}
