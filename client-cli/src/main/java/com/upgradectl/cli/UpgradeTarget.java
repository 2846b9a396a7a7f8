package com.upgradectl.cli;

import com.upgradectl.workflows.common.ProfileNames;
import com.upgradectl.workflows.common.DatabaseNames;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Instant;
import java.util.Optional;
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

  /**
   * For commands that show any kind of upgrade (status, watch): the given id, or, of the database's
   * pilot and production upgrades, the one started last; the pilot id when there is neither (so the
   * answer is "no such upgrade" naming it).
   */
  String anyWorkflowId(TemporalConnection connection) {
    if (workflowId != null) {
      return workflowId();
    }
    String pilot = workflowId();
    String production = ProductionWorkflowIds.of(profile, database);
    Optional<Instant> pilotStarted = started(connection, pilot);
    Optional<Instant> productionStarted = started(connection, production);
    if (productionStarted.isPresent()
        && (pilotStarted.isEmpty() || productionStarted.get().isAfter(pilotStarted.get()))) {
      return production;
    }
    return pilot;
  }

  static boolean isProductionUpgrade(String workflowId) {
    return workflowId.startsWith(ProductionWorkflowIds.PREFIX);
  }

  private static Optional<Instant> started(TemporalConnection connection, String id) {
    try {
      WorkflowExecutionMetadata execution = connection.client().newUntypedWorkflowStub(id).describe();
      return Optional.of(execution.getStartTime());
    } catch (RuntimeException e) {
      if (Failures.classify(e).exitCode() == ExitCodes.NO_SUCH_UPGRADE) {
        return Optional.empty();
      }
      throw e;
    }
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
