package com.upgradectl.cli;

import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.preflight.PreflightOutcome;
import com.upgradectl.workflows.preflight.PreflightRequest;
import com.upgradectl.workflows.preflight.PreflightWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a preflight on a worker (only workers hold the credentials) and waits for its verdict. */
final class PreflightRunner {
  /** Preflight reads catalogs and counts estimates: seconds. Longer means no worker polls. */
  private static final Duration WAIT = Duration.ofMinutes(2);

  private PreflightRunner() {}

  static PreflightOutcome run(WorkflowClient client, String scenario, String profile, String database,
      PreflightRequest request) {
    // its own id per run: a preflight never collides with the upgrade it checks, nor with another preflight
    String id = "preflight/" + scenario + "/" + profile + "/" + database + "/" + UUID.randomUUID();
    PreflightWorkflow preflight = client.newWorkflowStub(PreflightWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(TaskQueues.UPGRADES)
        .setStaticSummary("Preflight of the " + scenario + " upgrade of " + database + " (changes nothing)")
        .setWorkflowExecutionTimeout(WAIT.multipliedBy(5))
        .build());
    WorkflowClient.start(preflight::run, request);
    try {
      return WorkflowStub.fromTyped(preflight).getResult(WAIT.toSeconds(), TimeUnit.SECONDS, PreflightOutcome.class);
    } catch (TimeoutException e) {
      throw CommandFailure.failed("no worker answered the preflight " + id + " within " + WAIT.toSeconds()
          + " s: is a worker polling task queue " + TaskQueues.UPGRADES + "?");
    }
  }
}
