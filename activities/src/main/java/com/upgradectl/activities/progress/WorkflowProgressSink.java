package com.upgradectl.activities.progress;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.ProgressCoalescer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals progress to the workflow that runs the activity ({@code reportProgress}) as the {@link
 * ProgressCoalescer} allows: seldom enough that the workflow's history stays bounded at any size and
 * duration, with only the tables that changed. A signal that fails is logged: progress never fails a
 * copy.
 */
public final class WorkflowProgressSink implements ProgressSink {
  /** The signal of {@code PilotUpgradeWorkflow#reportProgress}. */
  public static final String SIGNAL = "reportProgress";

  private static final Logger log = LoggerFactory.getLogger(WorkflowProgressSink.class);

  private final WorkflowClient client;
  private final String workflowId;
  private final Clock clock;
  private final ProgressCoalescer coalescer = new ProgressCoalescer();
  private WorkflowStub stub;

  public WorkflowProgressSink(WorkflowClient client, String workflowId, Clock clock) {
    this.client = client;
    this.workflowId = workflowId;
    this.clock = clock;
  }

  /** Sinks for each activity execution, signalling the activity's own workflow. */
  public static ProgressSinkFactory factory(WorkflowClient client) {
    return activity -> new WorkflowProgressSink(client, activity.getWorkflowId(), Clock.systemUTC());
  }

  @Override
  public synchronized void report(ProgressReport report) {
    ProgressReport due = coalescer.offer(report, clock.instant());
    if (due == null) {
      return;
    }
    try {
      if (stub == null) {
        stub = client.newUntypedWorkflowStub(workflowId);
      }
      stub.signal(SIGNAL, due);
    } catch (RuntimeException e) {
      log.warn("could not report progress to workflow {} (the copy goes on): {}", workflowId, e.toString());
    }
  }
}
