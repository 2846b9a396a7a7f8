package com.upgradectl.activities.platform;

import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;

/**
 * The non-retryable failures activities report, typed by {@link FailureTypes} so that workflows
 * stop retrying and the CLI can map them to exit codes. Transient trouble is a
 * {@link DatabaseOperationException} instead, which Temporal retries.
 */
public final class Failures {
  private Failures() {}

  /** A name, a package or a request that cannot work; nothing was changed. */
  public static ApplicationFailure badInput(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.BAD_INPUT);
  }

  public static ApplicationFailure badInput(String message, Throwable cause) {
    return ApplicationFailure.newNonRetryableFailureWithCause(message, FailureTypes.BAD_INPUT, cause);
  }

  /** The server is not in a state the step needs (database missing, name taken, privilege lacking). */
  public static ApplicationFailure precondition(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.PRECONDITION);
  }

  public static ApplicationFailure precondition(String message, Throwable cause) {
    return ApplicationFailure.newNonRetryableFailureWithCause(message, FailureTypes.PRECONDITION, cause);
  }

  /** Data does not match what it must (e.g. a write reached frozen production). */
  public static ApplicationFailure verification(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.VERIFICATION);
  }

  /** The package's files are no longer the ones the upgrade started with. */
  public static ApplicationFailure packageChanged(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.PACKAGE_CHANGED);
  }
}
