package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.ParallelLanes;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the pilot from one read point of production: constraints, triggers and nonclustered
 * indexes disabled (and recorded), tables bulk-copied in parallel lanes chunk by chunk, verified
 * inside the same read point, indexes rebuilt, constraints enabled again WITH CHECK and proven
 * trusted, triggers enabled, identities reseeded, statistics updated.
 *
 * <p>A retry resumes each table after the pilot's last committed chunk. Those rows were read at an
 * earlier read point: if production changed since, the verification at the new read point sees it,
 * and such a table is copied again whole before the result is reported.
 */
final class SqlServerCopyImport {
  static final String OPERATION = "import";
  private static final Logger log = LoggerFactory.getLogger(SqlServerCopyImport.class);

  private SqlServerCopyImport() {}

  static CopyResult run(CopyJob job) {
    long started = System.currentTimeMillis();
    SqlServerCopyRun run = SqlServerCopyRun.start(job, OPERATION);
    // Read before the read point exists, so that no change after it is missed (see SqlServerCopyIncremental).
    Long captureVersion = SqlServerCaptureControl.versionBeforeReadPoint(job);
    try (SqlServerSnapshotReadPoint readPoint = SqlServerCopier.readPoint(job);
        Connection production = job.production().dataSource().getConnection();
        Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      List<SqlServerCopyStatements> tables = SqlServerCopyPlanning.plan(production, pilot, job.tables(),
          readPoint.snapshotDatabase());
      List<TableInfo> targets = tables.stream().map(t -> t.plan().target()).toList();
      SqlServerCopyConstraints.prepareImport(pilot, targets);
      tables.forEach(t -> run.progress().planned(t.plan().name(), t.plan().source().estimatedRows()));

      List<TableCopied> copied = new ArrayList<>(copy(run, readPoint, tables));
      run.progress().step(OPERATION + ": verifying");
      List<TableCheck> checks = new ArrayList<>(SqlServerChecksumChecks.againstReadPoint(job, readPoint, tables));
      recopyResumedMismatches(run, readPoint, pilot, tables, copied, checks);
      VerificationReport report = new VerificationReport(checks);
      if (!report.allMatch()) {
        throw CopyFailures.verification("import from production database " + job.production() + " into pilot database "
            + job.pilot() + " (read at " + readPoint.description() + ")", report);
      }

      run.progress().step(OPERATION + ": rebuilding indexes, checking constraints");
      SqlServerCopyConstraints.restore(pilot, targets);
      SqlServerCopyConstraints.finishTables(pilot, targets);
      if (captureVersion != null) {
        SqlServerCaptureControl.startPilot(pilot, tables, captureVersion);
      }
      return new CopyResult(copied, System.currentTimeMillis() - started, report, readPoint.description());
    } catch (SQLException e) {
      throw run.failure(e, "importing");
    }
  }

  static List<TableCopied> copy(SqlServerCopyRun run, SqlServerSnapshotReadPoint readPoint,
      List<SqlServerCopyStatements> tables) throws SQLException {
    return ParallelLanes.run(run.operation(), readPoint.lanes(run.job().parallelism()), tables,
        () -> SqlServerCopyLane.open(readPoint, run.job().pilot().dataSource()),
        (lane, table) -> SqlServerCopyTable.copy(run, table, table.target(), lane));
  }

  /**
   * Rows of a resumed table came partly from an earlier read point; where production changed since,
   * the table is emptied and copied again at this one. A table copied entirely by this attempt that
   * does not match is a real failure and is left for the report.
   */
  private static void recopyResumedMismatches(SqlServerCopyRun run, SqlServerSnapshotReadPoint readPoint,
      Connection pilot, List<SqlServerCopyStatements> tables, List<TableCopied> copied, List<TableCheck> checks)
      throws SQLException {
    List<Integer> stale = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      if (!checks.get(i).matches() && copied.get(i).resumedAfterRows() > 0) {
        stale.add(i);
      }
    }
    if (stale.isEmpty()) {
      return;
    }
    List<SqlServerCopyStatements> again = stale.stream().map(tables::get).toList();
    log.info("production changed since an earlier attempt copied part of {}: copying {} again",
        again.stream().map(t -> t.plan().name()).toList(), again.size() == 1 ? "it" : "them");
    run.progress().step(OPERATION + ": copying changed tables again");
    for (SqlServerCopyStatements table : again) {
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.deleteAll(table.target()));
    }
    List<TableCopied> recopied = copy(run, readPoint, again);
    List<TableCheck> rechecked = SqlServerChecksumChecks.againstReadPoint(run.job(), readPoint, again);
    for (int j = 0; j < stale.size(); j++) {
      TableCopied fresh = recopied.get(j);
      TableCopied first = copied.get(stale.get(j));
      copied.set(stale.get(j), new TableCopied(fresh.table(), fresh.rows(), first.bytes() + fresh.bytes(),
          first.resumedAfterRows()));
      checks.set(stale.get(j), rechecked.get(j));
    }
  }
}
