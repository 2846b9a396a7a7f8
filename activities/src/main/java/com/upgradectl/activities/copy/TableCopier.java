package com.upgradectl.activities.copy;

import com.upgradectl.workflows.common.CopyResult;
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
