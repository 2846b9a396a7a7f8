package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of each kind of step. Attempts are bounded so that a step that keeps failing
 * ends in a decision of the workflow (FAILED while creating, back to READY for a refresh, rollback
 * for a switch) instead of retrying unseen forever; our non-retryable failure types are never retried.
 */
final class PilotActivityOptions {

  /** Read-only checks (preflight, guardrails, fingerprints, write counters). */
  static final ActivityOptions CHECK = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofMinutes(1), 5))
      .build();

  /** Server administration: create, pilot-mode and post-switch statements, freeze, rename, offline. */
  static final ActivityOptions ADMIN = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(15))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofMinutes(1), 5))
      .build();

  /**
   * Copies of whole tables: hours on big databases. They heartbeat, so a dead worker is noticed
   * within a minute, and resume after their last committed chunk, so retries are cheap.
   */
  static final ActivityOptions COPY = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(6))
      .setHeartbeatTimeout(Duration.ofSeconds(60))
      .setRetryOptions(retries(Duration.ofSeconds(10), Duration.ofMinutes(2), 10))
      .build();

  /** Counts and checksums of every table (post-switch check): long, read-only. */
  static final ActivityOptions VERIFY = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(2))
      .setRetryOptions(retries(Duration.ofSeconds(5), Duration.ofMinutes(2), 5))
      .build();

  /** Compensations of a failed switch: production is at stake, so they try longer before giving up. */
  static final ActivityOptions UNDO = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(15))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofSeconds(30), 20))
      .build();

  private PilotActivityOptions() {}

  private static RetryOptions retries(Duration initial, Duration maximum, int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(maximum)
        .setMaximumAttempts(attempts)
        .setDoNotRetry(FailureTypes.nonRetryable())
        .build();
  }
}
