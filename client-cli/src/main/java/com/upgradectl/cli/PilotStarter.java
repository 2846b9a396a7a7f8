package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotRun;
import com.upgradectl.workflows.pilot.PilotUpgradeStart;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/** Starts a pilot upgrade: one per production database, refused while any upgrade of it runs. */
final class PilotStarter {
  private PilotStarter() {}

  /**
   * Id, task queue, summary, details and search attributes come from the workflow's own start
   * options; the CLI adds that a running upgrade of the same database makes the start fail.
   *
   * @return the workflow id
   */
  static String start(WorkflowClient client, PilotPlan plan) {
    UpgradeStarts.refuseIfAnotherScenarioRuns(client, plan.serverProfile(), plan.productionDatabase());
    WorkflowOptions options = WorkflowOptions.newBuilder(PilotUpgradeStart.workflowOptions(plan))
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build();
    PilotUpgradeWorkflow upgrade = client.newWorkflowStub(PilotUpgradeWorkflow.class, options);
    try {
      WorkflowClient.start(upgrade::run, PilotRun.start(plan));
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw CommandFailure.refused("an upgrade of " + plan.productionDatabase() + " on " + plan.serverProfile()
          + " is already running: " + options.getWorkflowId());
    }
    return options.getWorkflowId();
  }
}
