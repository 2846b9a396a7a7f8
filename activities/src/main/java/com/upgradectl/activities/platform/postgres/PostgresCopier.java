package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.TableCopier;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.PendingChanges;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.VerificationReport;
import java.util.List;

/**
 * The PostgreSQL table copier: exported snapshots shared by parallel readers, COPY streamed from
 * production into the pilot, chunked by primary key and resumable, md5-based checksums.
 *
 * <p>Each lane holds one connection to production and one to the pilot, plus one coordinator
 * connection to each: pools need {@code parallelism + 1} connections per database at least.
 */
public final class PostgresCopier implements TableCopier {

  @Override
  public CopyResult importTables(CopyJob job) {
    return PostgresCopyImport.run(job);
  }

  @Override
  public CopyResult replaceTables(CopyJob job) {
    return PostgresCopyResync.run(job);
  }

  @Override
  public CopyResult refreshTables(CopyJob job, boolean frozen) {
    return PostgresCopyIncremental.possible(job) ? PostgresCopyIncremental.run(job, frozen) : PostgresCopyResync.run(job);
  }

  @Override
  public void startCapture(CopyJob job) {
    PostgresCaptureControl.start(job);
  }

  @Override
  public void stopCapture(CopyJob.Database database) {
    PostgresCaptureControl.stop(database);
  }

  @Override
  public List<PendingChanges> pendingChanges(CopyJob job) {
    return PostgresCaptureControl.pending(job);
  }

  @Override
  public VerificationReport verify(CopyJob job) {
    return PostgresChecksumChecks.verify(job);
  }

  @Override
  public List<TableFingerprint> fingerprints(CopyJob job) {
    return PostgresChecksumChecks.fingerprints(job);
  }

  @Override
  public VerificationReport recheck(CopyJob job, VerificationReport verified) {
    return PostgresChecksumChecks.recheck(job, verified);
  }
}
