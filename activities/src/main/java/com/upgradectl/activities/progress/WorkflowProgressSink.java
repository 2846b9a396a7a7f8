package com.upgradectl.activities.progress;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals progress to the workflow that runs the activity ({@code reportProgress}), at most once per
 * interval, plus whenever a table finishes, so the workflow's history stays small while the UI and
 * `watch` stay current. A signal that fails is logged: progress never fails a copy.
 */
public final class WorkflowProgressSink implements ProgressSink {
  /** The signal of {@code PilotUpgradeWorkflow#reportProgress}. */
  public static final String SIGNAL = "reportProgress";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(WorkflowProgressSink.class);

  private final WorkflowClient client;
  private final String workflowId;
  private final Clock clock;
  private final Duration interval;
  private WorkflowStub stub;
  private Instant lastSent;
  private long tablesDoneSent = -1;
  private String stepSent;

  public WorkflowProgressSink(WorkflowClient client, String workflowId, Clock clock, Duration interval) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("progress interval must not be negative, was " + interval);
    }
    this.client = client;
    this.workflowId = workflowId;
    this.clock = clock;
    this.interval = interval;
  }

  /** Sinks for each activity execution, signalling the activity's own workflow once a second at most. */
  public static ProgressSinkFactory factory(WorkflowClient client) {
    return activity -> new WorkflowProgressSink(client, activity.getWorkflowId(), Clock.systemUTC(), DEFAULT_INTERVAL);
  }

  @Override
  public synchronized void report(ProgressReport report) {
    Instant now = clock.instant();
    long tablesDone = report.tables().stream().filter(TableProgress::done).count();
    boolean due = lastSent == null || !now.isBefore(lastSent.plus(interval));
    boolean milestone = tablesDone != tablesDoneSent || !report.step().equals(stepSent);
    if (!due && !milestone) {
      return;
    }
    lastSent = now;
    tablesDoneSent = tablesDone;
    stepSent = report.step();
    try {
      if (stub == null) {
        stub = client.newUntypedWorkflowStub(workflowId);
      }
      stub.signal(SIGNAL, report);
    } catch (RuntimeException e) {
      log.warn("could not report progress to workflow {} (the copy goes on): {}", workflowId, e.toString());
    }
  }
}
