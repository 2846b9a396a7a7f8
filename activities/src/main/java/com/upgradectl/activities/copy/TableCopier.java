package com.upgradectl.activities.copy;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.PendingChanges;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.VerificationReport;
import java.util.List;

/**
 * Copying and checking tables between production and the pilot, for one database platform. The
 * platform's implementation owns its SQL; failures arrive as Temporal ApplicationFailures built by
 * {@link CopyFailures}.
 */
public interface TableCopier {

  /**
   * Loads every table of the job into the pilot from one consistent read point of production and
   * verifies it inside that read point. Resumes after the pilot's last committed chunk.
   *
   * @throws io.temporal.failure.ApplicationFailure VerificationFailed when the copy does not match
   */
  CopyResult importTables(CopyJob job);

  /**
   * Replaces the job's tables in the pilot with production's current rows, atomically for the
   * pilot's readers, verified before it commits.
   */
  CopyResult replaceTables(CopyJob job);

  /**
   * Brings the job's tables in the pilot up to production's current rows: by the keys written since
   * the pilot's read point where the change capture allows it, else like {@link #replaceTables}.
   * Atomic for the pilot's readers, verified before it commits.
   *
   * @param frozen production is frozen and the previous refresh verified every table: tables
   *     refreshed by key are verified on their changed keys only
   */
  CopyResult refreshTables(CopyJob job, boolean frozen);

  /**
   * Starts capturing production's writes to the job's tables (their source tables) by key, before
   * the import's read point; the import then starts the pilot's own. Idempotent.
   */
  void startCapture(CopyJob job);

  /** Removes the change capture (and what a refresh kept for the post-switch check) from a database. Idempotent. */
  void stopCapture(CopyJob.Database database);

  /** Per data table, what the next refresh would do now. Read-only. */
  List<PendingChanges> pendingChanges(CopyJob job);

  /** Production as mapped against the pilot, each side read at one point in time. */
  VerificationReport verify(CopyJob job);

  /** Production's tables as mapped, at one point in time. */
  List<TableFingerprint> fingerprints(CopyJob job);

  /**
   * The pilot's tables (the job's pilot database) against what a previous verification saw of them.
   * Needs no production.
   */
  VerificationReport recheck(CopyJob job, VerificationReport verified);
}
