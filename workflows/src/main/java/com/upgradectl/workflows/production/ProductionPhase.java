package com.upgradectl.workflows.production;

/** Where a production upgrade stands; also the value of the UpgradePhase search attribute. */
public enum ProductionPhase {
  /** Read-only checks; nothing is changed. */
  PREFLIGHT,
  /** Ending the application's sessions and refusing new ones. */
  BLOCKING,
  /** Copying production into the safety copy. */
  SAFETY_COPY,
  /** Fingerprinting production, then running the package's in-place migrations. */
  MIGRATING,
  /** Checking version, schema and data of the migrated production. */
  VERIFYING,
  /** Letting the application in again, with production's settings as before. */
  UNBLOCKING,
  /** Dropping the safety copy and the migration history (unless kept). */
  CLEANUP,
  /** Done: production is at the target version and open to the application. */
  UPGRADED,
  /** A step failed: production is being restored from the safety copy. */
  RESTORING,
  /** The upgrade failed and production is as it was before, open to the application. */
  RESTORED,
  /** The upgrade failed and could not be undone entirely; the status says what production's state is. */
  FAILED;

  public boolean isFinal() {
    return this == UPGRADED || this == RESTORED || this == FAILED;
  }
}
