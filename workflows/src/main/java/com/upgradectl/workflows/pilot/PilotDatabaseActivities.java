package com.upgradectl.workflows.pilot;

import io.temporal.activity.ActivityInterface;

/**
 * Preflight and the pilot database itself: create, pilot mode, post-switch statements, drop. Every method is idempotent: retried after a crash it finishes
 * the job or finds it done, never doubling a row.
 */
@ActivityInterface
public interface PilotDatabaseActivities {

  /**
   * Read-only checks of everything before any change: names against the server, the package
   * against production and the target schema. Fails non-retryably listing every problem.
   */
  PreflightReport preflight(PilotPlan plan);

  /**
   * Creates the pilot with the target schema. Idempotency: a pilot left half-created by an earlier
   * attempt of THIS upgrade (recognised by its marker) is dropped and created again; a database of
   * that name not created by this upgrade is never touched (PreconditionFailed).
   */
  void createPilotDatabase(PilotPlan plan);

  /** Runs the package's pilot-mode statements in the pilot (pause mail, jobs...). Idempotent by the package's contract. */
  void runPilotModeStatements(PilotPlan plan);

  /** Runs the package's post-switch statements in the new production (the pilot under production's name). */
  void runPostSwitchStatements(PilotPlan plan);

  /** Drops the pilot; refuses any database not marked as this upgrade's pilot. */
  void dropPilotDatabase(PilotPlan plan);
}
