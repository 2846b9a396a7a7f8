package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.ParallelLanes;
import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.activities.copy.Verification;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.VerificationReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The read-only checks: verification, configuration fingerprints, the post-switch check. */
final class PostgresChecksumChecks {
  private PostgresChecksumChecks() {}

  /** Production at one read point against the pilot as it is now, table by table. */
  static VerificationReport verify(CopyJob job) {
    try (PostgresCopySnapshot snapshot = PostgresCopySnapshot.open(job.production().dataSource());
        Connection pilot = job.pilot().dataSource().getConnection()) {
      List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(snapshot.coordinator(), pilot, job.tables());
      List<TableCheck> checks = againstReadPoint(job, snapshot, tables);
      return new VerificationReport(sortedByTable(checks));
    } catch (SQLException e) {
      throw failure(e, "verifying", job);
    }
  }

  /** Production's tables as mapped (into the pilot's types), at one read point. */
  static List<TableFingerprint> fingerprints(CopyJob job) {
    try (PostgresCopySnapshot snapshot = PostgresCopySnapshot.open(job.production().dataSource());
        Connection pilot = job.pilot().dataSource().getConnection()) {
      List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(snapshot.coordinator(), pilot, job.tables());
      List<TableSum> sums = ParallelLanes.run("fingerprints", job.parallelism(), tables,
          () -> PostgresCopyLane.open(snapshot, job.pilot().dataSource()),
          // md5 whatever the tables: the baseline lives in the workflow for weeks, across worker upgrades
          (lane, table) -> PostgresChecksums.sum(lane.reader(), table.sourceSum(PostgresRowChecksum.MD5)));
      List<TableFingerprint> fingerprints = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        fingerprints.add(new TableFingerprint(tables.get(i).plan().name(), sums.get(i).rows(), sums.get(i).checksum()));
      }
      fingerprints.sort(Comparator.comparing(TableFingerprint::table));
      return fingerprints;
    } catch (SQLException e) {
      throw failure(e, "fingerprinting the configuration tables", job);
    }
  }

  /**
   * The pilot's tables now against what {@code verified} saw of them: same columns, the actual side of
   * the earlier check becomes the expected side of this one. Read in one transaction.
   */
  static VerificationReport recheck(CopyJob job, VerificationReport verified) {
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(false);
      pilot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      pilot.setReadOnly(true);
      try {
        String schema = PostgresCatalog.currentSchema(pilot);
        List<TableCheck> checks = new ArrayList<>();
        for (TableCheck before : verified.tables()) {
          if (before.columns().isEmpty()) {
            throw new IllegalArgumentException("the verification of table " + before.table()
                + " does not say which columns it covered; it cannot be checked again");
          }
          // summed the way the first check summed it, which its checksum says
          PostgresRowChecksum kind = PostgresRowChecksum.of(before.actualChecksum());
          TableSum now = before.wholeTable()
              ? PostgresChecksums.sumOfColumns(pilot, schema, before.table(), before.columns(), kind)
              : PostgresChecksums.sum(pilot, PostgresIncrementalSql.sumOfKeys(schema, before.table(),
                  before.keyColumns(), before.columns(), kind));
          TableCheck check = new TableCheck(before.table(), before.actualRows(), now.rows(), before.actualChecksum(),
              now.checksum(), before.columns());
          checks.add(before.wholeTable() ? check : check.ofKeysIn(before.keysTable(), before.keyColumns()));
        }
        return new VerificationReport(checks);
      } finally {
        pilot.rollback();
      }
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "checking the tables of database " + job.pilot() + " against their verification");
    }
  }

  /** Each table: production at the read point (a reader) against the pilot now (a plain connection). */
  static List<TableCheck> againstReadPoint(CopyJob job, PostgresCopySnapshot snapshot, List<PostgresCopyStatements> tables)
      throws SQLException {
    return againstReadPoint(job, snapshot, tables, job.parallelism());
  }

  /** The same on {@code lanes} lanes. */
  static List<TableCheck> againstReadPoint(CopyJob job, PostgresCopySnapshot snapshot, List<PostgresCopyStatements> tables,
      int lanes) throws SQLException {
    return ParallelLanes.run("verify", lanes, tables,
        () -> PostgresCopyLane.open(snapshot, job.pilot().dataSource()),
        (lane, table) -> check(lane, table, table.target()));
  }

  private static TableCheck check(PostgresCopyLane lane, PostgresCopyStatements table, Destination destination)
      throws SQLException {
    TableSum expected = PostgresChecksums.sum(lane.reader(), table.sourceSum());
    TableSum actual = PostgresChecksums.sum(lane.pilot(), table.destinationSum(destination));
    return Verification.check(table.plan(), expected, actual);
  }

  private static List<TableCheck> sortedByTable(List<TableCheck> checks) {
    return checks.stream().sorted(Comparator.comparing(TableCheck::table)).toList();
  }

  private static RuntimeException failure(SQLException e, String doing, CopyJob job) {
    return CopyFailures.translate(e, doing + " (production database " + job.production() + ", pilot database "
        + job.pilot() + ")");
  }
}
