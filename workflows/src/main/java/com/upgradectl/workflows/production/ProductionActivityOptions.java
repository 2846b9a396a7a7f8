package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of each kind of step. Attempts are bounded so that a step that keeps failing
 * ends in the workflow's decision (restore, or report) instead of retrying unseen while production
 * is blocked; our non-retryable failure types are never retried.
 */
final class ProductionActivityOptions {

  /** Preflight: read-only, quick. */
  static final ActivityOptions CHECK = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofMinutes(1), 5))
      .build();

  /** Server administration: block, drop the migration history, drop the safety copy. */
  static final ActivityOptions ADMIN = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(15))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofMinutes(1), 5))
      .build();

  /**
   * Whole-database work: the safety copy, fingerprints, migrations, verification; hours on big
   * databases. They heartbeat while their statements run, so a dead worker is noticed within a
   * minute; each one finishes or finds done what an earlier attempt did.
   */
  static final ActivityOptions LONG = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(6))
      .setHeartbeatTimeout(Duration.ofSeconds(60))
      .setRetryOptions(retries(Duration.ofSeconds(10), Duration.ofMinutes(2), 10))
      .build();

  /** Undoing (restore, unblock): production is at stake, so they try longer before giving up. */
  static final ActivityOptions UNDO = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(30))
      .setHeartbeatTimeout(Duration.ofSeconds(60))
      .setRetryOptions(retries(Duration.ofSeconds(1), Duration.ofSeconds(30), 20))
      .build();

  private ProductionActivityOptions() {}

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
