package com.upgradectl.workflows.pilot;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.PackageRef;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The real Temporal test server in-process with the search attributes registered, the workflow
 * under test, and {@link FakeUpgradeActivities} in place of the activities.
 */
final class PilotWorkflowTesting implements AutoCloseable {
  static final PilotPlan PLAN = PilotPlan.withDefaults("local", "servicedesk", null, null,
      new PackageRef("/packages/servicedesk-1-to-2", "sha256:0123", "servicedesk", "1", "2"), 2);
  static final String PRODUCTION = "servicedesk";
  static final String PILOT = "servicedesk_v2_pilot";
  static final String ARCHIVE = "servicedesk_v1_archive";

  final TestWorkflowEnvironment env;
  final FakeUpgradeActivities activities = new FakeUpgradeActivities();
  final WorkflowClient client;

  /** What the workflows reported to the worker's metrics. */
  final MetricsCapture metrics = new MetricsCapture();

  PilotWorkflowTesting() {
    this(PilotUpgradeWorkflowImpl::new);
  }

  PilotWorkflowTesting(Supplier<PilotUpgradeWorkflowImpl> workflows) {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder(environmentOptions())
        .setMetricsScope(metrics.scope()).build());
    Worker worker = env.newWorker(TaskQueues.UPGRADES,
        WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    worker.registerWorkflowImplementationFactory(PilotUpgradeWorkflow.class, workflows::get);
    worker.registerActivitiesImplementations(activities);
    activities.useClock(this::now);
    client = env.getWorkflowClient();
    env.start();
  }

  /** The search attributes registered, as the worker registers them with a real server. */
  static TestEnvironmentOptions environmentOptions() {
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder()
        // The in-process test server leaves a query that races a continue-as-new unanswered (and the
        // replayer reports a failed replay as a failed query): the client gives up and retries
        // after this timeout, 10 s by default.
        .setWorkflowServiceStubsOptions(WorkflowServiceStubsOptions.newBuilder()
            .setRpcQueryTimeout(Duration.ofSeconds(1))
            .build());
    UpgradeSearchAttributes.definitions().forEach(options::registerSearchAttribute);
    return options.build();
  }

  /** Starts the upgrade of {@link #PLAN} the way the CLI does. */
  PilotUpgradeWorkflow start() {
    return start(PLAN);
  }

  PilotUpgradeWorkflow start(PilotPlan plan) {
    PilotUpgradeWorkflow workflow = client.newWorkflowStub(PilotUpgradeWorkflow.class, PilotUpgradeStart.workflowOptions(plan));
    WorkflowClient.start(workflow::run, PilotRun.start(plan));
    return workflow;
  }

  /** Starts with bare options (no search attributes, no summary), to see what the workflow sets itself. */
  PilotUpgradeWorkflow startWithoutSearchAttributes() {
    PilotUpgradeWorkflow workflow = client.newWorkflowStub(PilotUpgradeWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(PilotWorkflowIds.of(PLAN.serverProfile(), PLAN.productionDatabase()))
        .setTaskQueue(TaskQueues.UPGRADES)
        .build());
    WorkflowClient.start(workflow::run, PilotRun.start(PLAN));
    return workflow;
  }

  /** Starts and waits until the pilot is created. */
  PilotUpgradeWorkflow startReady() {
    PilotUpgradeWorkflow workflow = start();
    awaitPhase(workflow, PilotPhase.READY);
    return workflow;
  }

  /** Polls the status query until the workflow reaches one of the phases; fails with the last status otherwise. */
  static PilotStatus awaitPhase(PilotUpgradeWorkflow workflow, PilotPhase... phases) {
    return awaitStatus(workflow, s -> Arrays.asList(phases).contains(s.phase()), "phase " + Arrays.toString(phases));
  }

  static PilotStatus awaitStatus(PilotUpgradeWorkflow workflow, Predicate<PilotStatus> condition, String what) {
    return awaitStatus(workflow, condition, what, Duration.ofSeconds(30));
  }

  static PilotStatus awaitStatus(PilotUpgradeWorkflow workflow, Predicate<PilotStatus> condition, String what,
      Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    PilotStatus status = workflow.status();
    while (!condition.test(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the workflow never reached " + what + "; last status: " + status);
      }
      sleepBriefly();
      status = workflow.status();
    }
    return status;
  }

  /** The update is refused by its validator with a reason containing every part. */
  static void assertRefused(ThrowingCallable update, String... reasonParts) {
    assertThatThrownBy(update)
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(cause -> org.assertj.core.api.Assertions.assertThat(((ApplicationFailure) cause).getOriginalMessage())
            .contains(reasonParts));
  }

  static WorkflowStub untyped(PilotUpgradeWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow);
  }

  static PilotStatus result(PilotUpgradeWorkflow workflow) {
    return untyped(workflow).getResult(PilotStatus.class);
  }

  WorkflowExecution execution(PilotUpgradeWorkflow workflow) {
    return untyped(workflow).getExecution();
  }

  Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  @Override
  public void close() {
    env.close();
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
