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
 * resumable, constraints checked WITH CHECK after the load, HASHBYTES-based checksums.
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

  /**
   * Change capture is not built on SQL Server yet (Change Tracking, as the switch-back uses, is the
   * plan): every refresh re-imports the data tables whole, as {@link #pendingChanges} says.
   */
  @Override
  public CopyResult refreshTables(CopyJob job, boolean frozen) {
    return replaceTables(job);
  }

  @Override
  public void startCapture(CopyJob job) {
    // Nothing to start: refreshes copy whole (see refreshTables).
  }

  @Override
  public void stopCapture(CopyJob.Database database) {
    // Nothing was started.
  }

  @Override
  public List<PendingChanges> pendingChanges(CopyJob job) {
    return job.tables().stream().map(t -> new PendingChanges(t.name(), 0, 0,
        "change capture is not available on SQL Server yet: every refresh copies the data tables whole")).toList();
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
