package com.upgradectl.cli;

import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionUpgradeStart;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/** Starts a production upgrade: one per production database, refused while any upgrade of it runs. */
final class ProductionStarter {
  private ProductionStarter() {}

  /** @return the workflow id */
  static String start(WorkflowClient client, ProductionPlan plan) {
    UpgradeStarts.refuseIfAnotherScenarioRuns(client, plan.serverProfile(), plan.productionDatabase());
    WorkflowOptions options = WorkflowOptions.newBuilder(ProductionUpgradeStart.workflowOptions(plan))
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build();
    ProductionUpgradeWorkflow upgrade = client.newWorkflowStub(ProductionUpgradeWorkflow.class, options);
    try {
      WorkflowClient.start(upgrade::run, plan);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw CommandFailure.refused("an upgrade of " + plan.productionDatabase() + " on " + plan.serverProfile()
          + " is already running: " + options.getWorkflowId());
    }
    return options.getWorkflowId();
  }
}
