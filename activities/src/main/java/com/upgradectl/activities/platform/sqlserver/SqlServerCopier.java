package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.TableCopier;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.PendingChanges;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.VerificationReport;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL Server table copier: a database snapshot (else SNAPSHOT isolation) as the read point,
 * SQLServerBulkCopy streamed from production's result set into the pilot, chunked by primary key and
 * resumable, constraints checked WITH CHECK after the load, HASHBYTES-based checksums; refreshes by
 * the keys Change Tracking lists.
 *
 * <p>Each lane holds one connection to production and one to the pilot, plus one coordinator
 * connection to each: pools need {@code parallelism + 2} connections per database at least.
 */
public final class SqlServerCopier implements TableCopier {

  @Override
  public CopyResult importTables(CopyJob job) {
    return SqlServerCopyImport.run(job);
  }

  @Override
  public CopyResult replaceTables(CopyJob job) {
    return SqlServerCopyResync.run(job);
  }

  /** By the keys Change Tracking lists where the pilot records its versions, else a whole resync. */
  @Override
  public CopyResult refreshTables(CopyJob job, boolean frozen) {
    return SqlServerCopyIncremental.possible(job) ? SqlServerCopyIncremental.run(job, frozen) : replaceTables(job);
  }

  @Override
  public void startCapture(CopyJob job) {
    SqlServerCaptureControl.start(job);
  }

  @Override
  public void stopCapture(CopyJob.Database database) {
    SqlServerCaptureControl.stop(database);
  }

  @Override
  public List<PendingChanges> pendingChanges(CopyJob job) {
    return SqlServerCaptureControl.pending(job);
  }

  @Override
  public VerificationReport verify(CopyJob job) {
    return SqlServerChecksumChecks.verify(job);
  }

  @Override
  public List<TableFingerprint> fingerprints(CopyJob job) {
    return SqlServerChecksumChecks.fingerprints(job);
  }

  @Override
  public VerificationReport recheck(CopyJob job, VerificationReport verified) {
    return SqlServerChecksumChecks.recheck(job, verified);
  }

  static SqlServerSnapshotReadPoint readPoint(CopyJob job) throws SQLException {
    return SqlServerSnapshotReadPoint.open(job.production().dataSource(), job.production().name(),
        job.settings().snapshotIsolationConsent());
  }
}
