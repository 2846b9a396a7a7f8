package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.common.PendingChanges;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.TableScope;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Moving rows from production into the pilot and proving they arrived. Every method is idempotent:
 * retried after a crash it finishes the job or finds it done, never doubling a row. Copies report
 * progress to their workflow and verify the copy inside the same read point they copied from
 * ({@link CopyResult#verification()}), so a running production does not make them look wrong.
 */
@ActivityInterface
public interface DataCopyActivities {

  /**
   * Imports every configuration and data-record table from one consistent read point of
   * production. Idempotency key: the pilot's own rows — a retry continues after the last committed
   * chunk of each table. Fails non-retryably (VerificationFailed, listing the tables) when the copy
   * does not match production at its read point.
   */
  CopyResult importAllTables(PilotPlan plan);

  /**
   * Replaces the pilot's data-record tables with production's current rows in one transaction:
   * testers see the old rows or the new ones, never a mix. Configuration tables are untouched. The
   * swap commits only what verifies: a mismatch (VerificationFailed) or a data row referring to
   * configuration the pilot no longer has (PreconditionFailed, naming the constraint) rolls it back
   * and leaves the pilot as it was.
   */
  CopyResult resyncDataTables(PilotPlan plan);

  /**
   * The switch's final refresh while production is frozen: like {@link #resyncDataTables}, by the
   * keys written since the refresh just before the freeze (which verified every table), so both the
   * copy and its verification cover the changed keys only; tables whose capture cannot be trusted are
   * copied and verified whole. Idempotency key: the read point the pilot records in the same
   * transaction as its rows.
   */
  CopyResult resyncWhileFrozen(PilotPlan plan);

  /**
   * Starts capturing, by key, the writes to production's tables that feed the data-record tables,
   * before the import's read point (the import then starts the pilot's own capture). Idempotent.
   */
  void startChangeCapture(PilotPlan plan);

  /**
   * Removes the change capture from a database (production, the pilot, or the pilot become
   * production): no trigger, function or log is left. Idempotent.
   */
  void stopChangeCapture(PilotPlan plan, DatabaseRef database);

  /** Per data-record table, what a refresh would do now: changed keys, or a whole copy and why. Read-only. */
  List<PendingChanges> pendingChanges(PilotPlan plan);

  /**
   * Counts and checksums, production (as the package maps it, read at one point in time) against the
   * pilot. Read-only; returns the report, mismatches included (the pilot's configuration may well
   * differ from production's on purpose).
   */
  VerificationReport verifyTables(PilotPlan plan, TableScope scope);

  /** Production's configuration tables (as mapped) right now: the baseline and the probe for drift. Read-only. */
  List<TableFingerprint> configurationFingerprints(PilotPlan plan);

  /**
   * Post-switch check: the new production (the pilot, now under production's name) answers and still
   * holds the rows verified at the final resync. The old production is offline by then, so the
   * expected side is {@code verifiedAtSwitch}'s actual side (the pilot as verified inside the final
   * resync's read point); the checksums cover the same columns ({@link
   * com.upgradectl.workflows.common.TableCheck#columns()}). Read-only; returns the report, mismatches
   * included, for the workflow to judge.
   */
  VerificationReport postSwitchCheck(PilotPlan plan, VerificationReport verifiedAtSwitch);

}
