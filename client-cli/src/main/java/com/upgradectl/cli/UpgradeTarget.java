package com.upgradectl.cli;

import com.upgradectl.workflows.common.ProfileNames;
import com.upgradectl.workflows.common.DatabaseNames;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import picocli.CommandLine.Option;

/** Which upgrade a command is about: the production database on a server profile, or a workflow id. */
final class UpgradeTarget {
  @Option(names = "--profile", paramLabel = "PROFILE", description = "the worker's connection profile of the production server")
  String profile;

  @Option(names = "--database", paramLabel = "DATABASE", description = "the production database")
  String database;

  @Option(names = "--workflow-id", paramLabel = "ID", description = "instead of --profile and --database")
  String workflowId;

  String workflowId() {
    if (workflowId != null) {
      if (profile != null || database != null) {
        throw CommandFailure.badInput("name the upgrade either with --workflow-id or with --profile and --database, not both");
      }
      return workflowId;
    }
    if (profile == null || database == null) {
      throw CommandFailure.badInput("name the upgrade with --profile and --database (or --workflow-id)");
    }
    return PilotWorkflowIds.of(requireProfile(profile), requireDatabase("production database", database));
  }

  static String requireProfile(String profile) {
    if (!ProfileNames.isValid(profile)) {
      throw CommandFailure.badInput("profile name '" + profile + "' is not valid: it " + ProfileNames.RULE);
    }
    return profile;
  }

  static String requireDatabase(String role, String name) {
    try {
      return DatabaseNames.requireValid(role, name);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.badInput(e.getMessage());
    }
  }
}
