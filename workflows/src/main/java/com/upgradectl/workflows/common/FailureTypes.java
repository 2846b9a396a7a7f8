package com.upgradectl.workflows.common;

/**
 * ApplicationFailure types that mean "retrying will not help": activity options list them as
 * non-retryable, and the CLI maps them to exit codes.
 */
public final class FailureTypes {
  /** A name, a package or a request that cannot work; nothing was changed. */
  public static final String BAD_INPUT = "BadInput";
  /** A precondition of the server does not hold (production missing, name taken, long transaction). */
  public static final String PRECONDITION = "PreconditionFailed";
  /** Copied rows do not match their source. */
  public static final String VERIFICATION = "VerificationFailed";
  /** The package's files changed since the upgrade started. */
  public static final String PACKAGE_CHANGED = "PackageChanged";
  /**
   * A step kept failing after its retries and ended the workflow (e.g. creating the pilot); the
   * message names the step and what it left behind.
   */
  public static final String STEP_FAILED = "StepFailed";
  /**
   * A switch failed and some of its compensations failed too: production needs a human. The message
   * lists what could not be undone.
   */
  public static final String ROLLBACK_INCOMPLETE = "RollbackIncomplete";
  /** A test-only switch made this step fail (see FaultInjection). */
  public static final String INJECTED = "InjectedFault";

  private FailureTypes() {}

  public static String[] nonRetryable() {
    return new String[] {BAD_INPUT, PRECONDITION, VERIFICATION, PACKAGE_CHANGED, INJECTED};
  }
}
