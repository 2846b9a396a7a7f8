package com.upgradectl.workflows.common;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of each kind of step, for both workflows. Attempts are bounded so that a step
 * that keeps failing ends in a decision of the workflow (fail while creating, back to READY after a
 * refresh, undo a switch, restore production) instead of retrying unseen forever; our non-retryable
 * failure types are never retried.
 */
public final class StepOptions {

  /** Read-only checks: preflight, guardrails, fingerprints of small tables, write counters. */
  public static final ActivityOptions CHECK = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofMinutes(1), 5))
      .build();

  /** Server administration: create, scripts, freeze and block, rename, offline, drops. */
  public static final ActivityOptions ADMIN = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(15))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofMinutes(1), 5))
      .build();

  /**
   * Whole tables or databases: copies, the safety copy, migrations, verification after a migration;
   * hours on big databases. They heartbeat, so a dead worker is noticed within a minute, and a retry
   * resumes after the last committed chunk or finds done what an earlier attempt did.
   */
  public static final ActivityOptions LONG = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(6))
      .setHeartbeatTimeout(Duration.ofSeconds(60))
      .setRetryOptions(retries(Duration.ofSeconds(10), Duration.ofMinutes(2), 10))
      .build();

  /** Counts and checksums of every table without heartbeats (post-switch check): long, read-only. */
  public static final ActivityOptions VERIFY = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(2))
      .setRetryOptions(retries(Duration.ofSeconds(5), Duration.ofMinutes(2), 5))
      .build();

  /** Undoing (a switch, a switch-back, an upgrade): production is at stake, so they try longer before giving up. */
  public static final ActivityOptions UNDO = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(15))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofSeconds(30), 20))
      .build();

  private StepOptions() {}

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
