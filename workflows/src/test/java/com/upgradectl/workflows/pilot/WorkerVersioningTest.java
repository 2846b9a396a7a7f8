package com.upgradectl.workflows.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.TaskQueues;
import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A worker that opts into Worker Versioning (deployment name + build id) serves the pilot upgrade:
 * the workflow types declare their versioning behaviour, so the SDK accepts them without a worker
 * default. The test server accepts the option but keeps no deployment record (describe shows no
 * versioning info), so routing between versions is for a real server to show.
 */
class WorkerVersioningTest {

  @Test
  void aVersionedWorkerRunsAPilotToReady() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(PilotWorkflowTesting.environmentOptions())) {
      Worker worker = env.newWorker(TaskQueues.UPGRADES, WorkerOptions.newBuilder()
          .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
          .setDeploymentOptions(WorkerDeploymentOptions.newBuilder()
              .setUseVersioning(true)
              .setVersion(new WorkerDeploymentVersion("upgradectl", "test-build"))
              .build())
          .build());
      worker.registerWorkflowImplementationTypes(PilotUpgradeWorkflowImpl.class);
      worker.registerActivitiesImplementations(new FakeUpgradeActivities());
      env.start();
      PilotUpgradeWorkflow workflow = env.getWorkflowClient().newWorkflowStub(PilotUpgradeWorkflow.class,
          PilotUpgradeStart.workflowOptions(PilotWorkflowTesting.PLAN));
      io.temporal.client.WorkflowClient.start(workflow::run, PilotRun.start(PilotWorkflowTesting.PLAN));

      assertThat(PilotWorkflowTesting.awaitPhase(workflow, PilotPhase.READY).phase()).isEqualTo(PilotPhase.READY);
    }
  }
}
