package com.upgradectl.workflows.production;

import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.PackageRef;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * The real Temporal test server in-process with the search attributes registered, the production
 * workflow, and {@link FakeProductionActivities} in place of the activities.
 */
final class ProductionWorkflowTesting implements AutoCloseable {
  static final PackageRef PACKAGE = new PackageRef("/packages/servicedesk-1-to-2", "sha256:0123", "servicedesk", "1", "2");
  static final ProductionPlan PLAN = ProductionPlan.withDefaults("local", "servicedesk", null, PACKAGE, false);

  final TestWorkflowEnvironment env;
  final FakeProductionActivities activities = new FakeProductionActivities();
  private WorkflowExecution last;

  /** How an upgrade ended: its status and, unless UPGRADED, the workflow's failure. */
  record Outcome(ProductionStatus status, ApplicationFailure failure) {}

  ProductionWorkflowTesting() {
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder();
    UpgradeSearchAttributes.definitions().forEach(options::registerSearchAttribute);
    env = TestWorkflowEnvironment.newInstance(options.build());
    Worker worker = env.newWorker(TaskQueues.UPGRADES,
        WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    worker.registerWorkflowImplementationTypes(ProductionUpgradeWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    activities.useClient(env.getWorkflowClient());
    env.start();
  }

  /** Starts the upgrade the way the CLI does and waits for its end. */
  Outcome run(ProductionPlan plan) {
    WorkflowClient client = env.getWorkflowClient();
    ProductionUpgradeWorkflow workflow = client.newWorkflowStub(ProductionUpgradeWorkflow.class,
        ProductionUpgradeStart.workflowOptions(plan));
    WorkflowClient.start(workflow::run, plan);
    ApplicationFailure failure = null;
    try {
      WorkflowStub.fromTyped(workflow).getResult(ProductionStatus.class);
    } catch (WorkflowFailedException e) {
      failure = (ApplicationFailure) e.getCause();
    }
    last = WorkflowStub.fromTyped(workflow).getExecution();
    return new Outcome(workflow.status(), failure);
  }

  /** A search attribute of the last run, as the server holds it. */
  String searchAttribute(SearchAttributeKey<String> key) {
    return env.getWorkflowClient().newUntypedWorkflowStub(last.getWorkflowId()).describe()
        .getTypedSearchAttributes().get(key);
  }

  WorkflowExecutionHistory lastHistory() {
    return env.getWorkflowClient().fetchHistory(last.getWorkflowId(), last.getRunId());
  }

  @Override
  public void close() {
    env.close();
  }
}
