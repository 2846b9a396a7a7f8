package com.upgradectl.cli;

import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/** Starts a pilot upgrade: one per production database, refused while another one runs. */
final class PilotStarter {
  private PilotStarter() {}

  /** @return the workflow id */
  static String start(WorkflowClient client, PilotPlan plan) {
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(PilotWorkflowIds.of(plan.serverProfile(), plan.productionDatabase()))
        .setTaskQueue(TaskQueues.UPGRADES)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build();
    PilotUpgradeWorkflow upgrade = client.newWorkflowStub(PilotUpgradeWorkflow.class, options);
    try {
      WorkflowClient.start(upgrade::run, plan);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw CommandFailure.refused("an upgrade of " + plan.productionDatabase() + " on " + plan.serverProfile()
          + " is already running: " + options.getWorkflowId());
    }
    return options.getWorkflowId();
  }
}
