package com.upgradectl.worker;

import com.upgradectl.worker.config.WorkerDeployment;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/** The options of the worker that serves the upgrades' task queue. */
public final class WorkerRuntimeOptions {
  private WorkerRuntimeOptions() {}

  /**
   * Sticky queues time out at once, in both modes: Temporal's test server (dev mode, and the server
   * some installations test against) otherwise leaves the next workflow task, and every status
   * query, on the sticky queue of a worker killed with -9, where nobody polls again. The price is
   * a replay of the workflow's history on each workflow task, small for these workflows.
   *
   * <p>With a deployment version the worker opts into Worker Versioning, without a default
   * behaviour: each workflow type declares its own ({@code @WorkflowVersioningBehavior}).
   *
   * @param deployment null: no Worker Versioning
   */
  public static WorkerOptions of(WorkerDeployment deployment) {
    WorkerOptions.Builder options = WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    if (deployment != null) {
      options.setDeploymentOptions(WorkerDeploymentOptions.newBuilder()
          .setUseVersioning(true)
          .setVersion(new WorkerDeploymentVersion(deployment.name(), deployment.buildId()))
          .build());
    }
    return options.build();
  }
}
