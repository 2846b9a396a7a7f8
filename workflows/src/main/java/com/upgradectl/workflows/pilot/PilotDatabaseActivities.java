package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.TableScope;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Creating and filling the pilot. Every method is idempotent: retried after a crash it finishes
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

  /**
   * Imports every configuration and data-record table from one consistent read point of
   * production. Idempotency key: the pilot's own rows — a retry continues after the last committed
   * chunk of each table.
   */
  CopyResult importAllTables(PilotPlan plan);

  /**
   * Replaces the pilot's data-record tables with production's current rows in one transaction:
   * testers see the old rows or the new ones, never a mix. Configuration tables are untouched.
   */
  CopyResult resyncDataTables(PilotPlan plan);

  /** Counts and checksums, production (as the package maps it) against the pilot. Read-only. */
  VerificationReport verifyTables(PilotPlan plan, TableScope scope);

  /** Production's configuration tables (as mapped) right now: the baseline and the probe for drift. Read-only. */
  List<TableFingerprint> configurationFingerprints(PilotPlan plan);

  /** Runs the package's pilot-mode statements in the pilot (pause mail, jobs...). Idempotent by the package's contract. */
  void runPilotModeStatements(PilotPlan plan);

  /** Runs the package's post-switch statements in the new production (the pilot under production's name). */
  void runPostSwitchStatements(PilotPlan plan);

  /** Post-switch check: the new production answers under its name and holds the verified rows. Read-only. */
  VerificationReport postSwitchCheck(PilotPlan plan);

  /** Drops the pilot; refuses any database not marked as this upgrade's pilot. */
  void dropPilotDatabase(PilotPlan plan);
}
