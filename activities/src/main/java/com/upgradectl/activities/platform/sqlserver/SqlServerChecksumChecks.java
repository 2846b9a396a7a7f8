package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.ParallelLanes;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.activities.copy.Verification;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Destination;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.VerificationReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The read-only checks: verification, configuration fingerprints, the post-switch check. */
final class SqlServerChecksumChecks {
  private SqlServerChecksumChecks() {}

  /** Production at one read point against the pilot as it is now, table by table. */
  static VerificationReport verify(CopyJob job) {
    try (SqlServerSnapshotReadPoint readPoint = SqlServerCopier.readPoint(job);
        Connection production = job.production().dataSource().getConnection();
        Connection pilot = job.pilot().dataSource().getConnection()) {
      List<SqlServerCopyStatements> tables = SqlServerCopyPlanning.plan(production, pilot, job.tables(),
          readPoint.snapshotDatabase());
      return new VerificationReport(sortedByTable(againstReadPoint(job, readPoint, tables)));
    } catch (SQLException e) {
      throw failure(e, "verifying", job);
    }
  }

  /** Production's tables as mapped (into the pilot's types), at one read point. */
  static List<TableFingerprint> fingerprints(CopyJob job) {
    try (SqlServerSnapshotReadPoint readPoint = SqlServerCopier.readPoint(job);
        Connection production = job.production().dataSource().getConnection();
        Connection pilot = job.pilot().dataSource().getConnection()) {
      List<SqlServerCopyStatements> tables = SqlServerCopyPlanning.plan(production, pilot, job.tables(),
          readPoint.snapshotDatabase());
      List<TableSum> sums = ParallelLanes.run("fingerprints", readPoint.lanes(job.parallelism()), tables,
          () -> SqlServerCopyLane.open(readPoint, job.pilot().dataSource()),
          (lane, table) -> SqlServerChecksums.sum(lane.reader(), table.sourceChecksum()));
      List<TableFingerprint> fingerprints = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        fingerprints.add(new TableFingerprint(tables.get(i).plan().name(), sums.get(i).rows(), sums.get(i).checksum()));
      }
      return fingerprints.stream().sorted(Comparator.comparing(TableFingerprint::table)).toList();
    } catch (SQLException e) {
      throw failure(e, "fingerprinting", job);
    }
  }

  /**
   * The job's pilot database (after the switch: the new production) against the checksums a previous
   * verification recorded, over the same columns, with their types and key read from its catalog.
   */
  static VerificationReport recheck(CopyJob job, VerificationReport verified) {
    try (Connection c = job.pilot().dataSource().getConnection()) {
      List<TableInfo> catalog = SqlServerCopyCatalog.tables(c);
      List<TableCheck> checks = new ArrayList<>();
      for (TableCheck before : verified.tables()) {
        Optional<TableInfo> table = catalog.stream().filter(t -> t.name().equals(before.table())).findFirst();
        if (table.isEmpty()) {
          checks.add(new TableCheck(before.table(), before.expectedRows(), 0, before.expectedChecksum(), "missing",
              before.columns()));
          continue;
        }
        List<String[]> columns = new ArrayList<>();
        for (String column : before.columns()) {
          String type = table.get().column(column).map(info -> info.type()).orElse("nvarchar(max)");
          columns.add(new String[] {column, type});
        }
        List<String> key = SqlServerCopyStatements.checksumOrder(table.get().primaryKey(), before.columns());
        // A check of the changed keys only (the switch's frozen refresh) is repeated on the same keys.
        TableSum now = before.wholeTable()
            ? SqlServerChecksums.sumOfColumns(c, table.get().schema(), table.get().name(), columns, key)
            : SqlServerChecksums.sum(c, SqlServerIncrementalStatements.sumOfKeys(table.get().schema(),
                table.get().name(), before.keyColumns(), columns, key));
        TableCheck check = new TableCheck(before.table(), before.expectedRows(), now.rows(), before.expectedChecksum(),
            now.checksum(), before.columns());
        checks.add(before.wholeTable() ? check : check.ofKeysIn(before.keysTable(), before.keyColumns()));
      }
      return new VerificationReport(checks);
    } catch (SQLException e) {
      throw SqlServerCopyFailures.translate(e, "checking the tables of database " + job.pilot() + " against their verification");
    }
  }

  /** Each table: production at the read point against the pilot now. */
  static List<TableCheck> againstReadPoint(CopyJob job, SqlServerSnapshotReadPoint readPoint,
      List<SqlServerCopyStatements> tables) throws SQLException {
    return ParallelLanes.run("verify", readPoint.lanes(job.parallelism()), tables,
        () -> SqlServerCopyLane.open(readPoint, job.pilot().dataSource()),
        (lane, table) -> check(lane, table, table.target()));
  }

  private static TableCheck check(SqlServerCopyLane lane, SqlServerCopyStatements table, Destination destination)
      throws SQLException {
    TableSum expected = SqlServerChecksums.sum(lane.reader(), table.sourceChecksum());
    TableSum actual = SqlServerChecksums.sum(lane.pilot(), table.destinationChecksum(destination));
    lane.pilot().commit();
    return Verification.check(table.plan(), expected, actual);
  }

  private static List<TableCheck> sortedByTable(List<TableCheck> checks) {
    return checks.stream().sorted(Comparator.comparing(TableCheck::table)).toList();
  }

  private static RuntimeException failure(SQLException e, String doing, CopyJob job) {
    return SqlServerCopyFailures.translate(e, doing + " (production database " + job.production() + ", pilot database "
        + job.pilot() + ")");
  }
}
