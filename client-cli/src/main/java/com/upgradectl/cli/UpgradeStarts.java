package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;

/**
 * One upgrade per production database at a time, whatever its scenario: Temporal's workflow-id rule
 * covers a second start of the same scenario; this covers a pilot upgrade and a production upgrade
 * of the same database, whose ids differ.
 */
final class UpgradeStarts {
  private UpgradeStarts() {}

  /** @throws CommandFailure refused, naming the running upgrade */
  static void refuseIfAnotherScenarioRuns(WorkflowClient client, String profile, String database) {
    for (String id : new String[] {PilotWorkflowIds.of(profile, database), ProductionWorkflowIds.of(profile, database)}) {
      if (isRunning(client, id)) {
        throw CommandFailure.refused("an upgrade of " + database + " on " + profile + " is already running: " + id
            + "; one upgrade per database at a time");
      }
    }
  }

  private static boolean isRunning(WorkflowClient client, String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      if (Failures.classify(e).exitCode() == ExitCodes.NO_SUCH_UPGRADE) {
        return false;
      }
      throw e;
    }
  }
}
