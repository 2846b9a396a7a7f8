package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.ForeignKeyOrder;
import com.upgradectl.activities.copy.ParallelLanes;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.activities.copy.Verification;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyCatalog.TableObject;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the pilot's data-record tables with production's rows of one read point, while testers
 * keep using the pilot.
 *
 * <p>Rows are first bulk-copied into staging tables of the pilot (schema {@value
 * SqlServerCopyStatements#STAGE_SCHEMA}; chunked and resumable like an import). Then ONE transaction
 * disables the tables' triggers, deletes their rows (children first), inserts the staged rows
 * (parents first, identities kept), verifies them against the read point, reseeds the identities,
 * enables the triggers and commits. T-SQL's DDL is transactional, so all of it commits or none:
 * a reader sees the old rows or the new ones, never a mix (the exclusive table locks hold readers
 * until the commit; under READ_COMMITTED_SNAPSHOT they read the old rows until then).
 *
 * <p>Why not ALTER TABLE SWITCH or sp_rename: SWITCH refuses a target that a foreign key refers to,
 * and renaming swaps the objects the foreign keys point at — the data tables are referenced
 * (comments -> tickets), so both would need the keys dropped and re-created. DELETE + INSERT is
 * fully logged and slower, but it keeps every constraint in force and trusted throughout.
 *
 * <p>Anything that fails in the transaction — a row referring to configuration the operator deleted
 * in the pilot, a checksum that differs, a tester's lock held for more than {@value
 * #SWAP_LOCK_TIMEOUT_MILLIS} ms — rolls it back and leaves the pilot as it was. Configuration tables
 * are never written.
 */
final class SqlServerCopyResync {
  static final String OPERATION = "resync";
  static final int SWAP_LOCK_TIMEOUT_MILLIS = 60_000;
  /** Error numbers: a constraint conflict, a lock wait that timed out. */
  private static final int CONSTRAINT_CONFLICT = 547;
  private static final int LOCK_TIMEOUT = 1222;
  private static final Logger log = LoggerFactory.getLogger(SqlServerCopyResync.class);

  private SqlServerCopyResync() {}

  static CopyResult run(CopyJob job) {
    long started = System.currentTimeMillis();
    SqlServerCopyRun run = SqlServerCopyRun.start(job, OPERATION);
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      try (SqlServerSnapshotReadPoint readPoint = SqlServerCopier.readPoint(job);
          Connection production = job.production().dataSource().getConnection()) {
        List<SqlServerCopyStatements> tables = SqlServerCopyPlanning.plan(production, pilot, job.tables(),
            readPoint.snapshotDatabase());
        List<TableInfo> targets = tables.stream().map(t -> t.plan().target()).toList();
        List<ForeignKeyInfo> keys = SqlServerCopyCatalog.foreignKeysTouching(pilot, targets);
        CopyFailures.refuseReferencesIntoDataTables(
            tables.stream().map(t -> t.plan().name()).collect(Collectors.toSet()), keys);
        prepareStage(pilot, tables);
        tables.forEach(t -> run.progress().planned(t.plan().name(), t.plan().source().estimatedRows()));

        List<TableCopied> copied = new ArrayList<>(copyToStage(run, readPoint, tables));
        run.progress().step(OPERATION + ": checking");
        List<TableSum> expected = ParallelLanes.run(OPERATION + "-sums", readPoint.lanes(job.parallelism()), tables,
            () -> SqlServerCopyLane.open(readPoint, job.pilot().dataSource()),
            (lane, table) -> SqlServerChecksums.sum(lane.reader(), table.sourceChecksum()));
        recopyStaleStage(run, readPoint, pilot, tables, copied, expected);

        VerificationReport report = swap(run, pilot, tables, keys, expected);
        for (SqlServerCopyStatements table : tables) {
          SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.updateStatistics(table.target().schema(),
              table.target().table()));
          SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.dropStageTable(table.plan().name()));
        }
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.dropStageSchema());
        return new CopyResult(copied, System.currentTimeMillis() - started, report, readPoint.description());
      }
    } catch (SQLException e) {
      throw run.failure(e, "resyncing the data tables");
    }
  }

  /** Staging tables an earlier attempt left are kept when their columns still fit (their rows are resumed). */
  static void prepareStage(Connection pilot, List<SqlServerCopyStatements> tables) throws SQLException {
    SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.createStageSchema());
    for (SqlServerCopyStatements table : tables) {
      TablePlan plan = table.plan();
      List<String> wanted = plan.columns().stream().map(c -> c.target() + " " + c.targetType()).toList();
      List<String> present = SqlServerCopyCatalog.columnSignature(pilot, SqlServerCopyStatements.STAGE_SCHEMA, plan.name());
      if (!present.equals(wanted)) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.dropStageTable(plan.name()));
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.createStageTable(plan.target().schema(), plan.name(),
            plan.targetColumns()));
      }
    }
  }

  static List<TableCopied> copyToStage(SqlServerCopyRun run, SqlServerSnapshotReadPoint readPoint,
      List<SqlServerCopyStatements> tables) throws SQLException {
    return ParallelLanes.run(OPERATION, readPoint.lanes(run.job().parallelism()), tables,
        () -> SqlServerCopyLane.open(readPoint, run.job().pilot().dataSource()),
        (lane, table) -> SqlServerCopyTable.copy(run, table, table.stage(), lane));
  }

  /** Staged rows resumed from an earlier read point that no longer match this one are staged again. */
  static void recopyStaleStage(SqlServerCopyRun run, SqlServerSnapshotReadPoint readPoint, Connection pilot,
      List<SqlServerCopyStatements> tables, List<TableCopied> copied, List<TableSum> expected) throws SQLException {
    List<Integer> stale = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      if (copied.get(i).resumedAfterRows() > 0) {
        TableSum staged = SqlServerChecksums.sum(pilot, tables.get(i).destinationChecksum(tables.get(i).stage()));
        if (!staged.equals(expected.get(i))) {
          stale.add(i);
        }
      }
    }
    if (stale.isEmpty()) {
      return;
    }
    List<SqlServerCopyStatements> again = stale.stream().map(tables::get).toList();
    log.info("production changed since an earlier attempt staged part of {}: staging again",
        again.stream().map(t -> t.plan().name()).toList());
    for (SqlServerCopyStatements table : again) {
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.deleteAll(table.stage()));
    }
    List<TableCopied> recopied = copyToStage(run, readPoint, again);
    for (int j = 0; j < stale.size(); j++) {
      TableCopied first = copied.get(stale.get(j));
      TableCopied fresh = recopied.get(j);
      copied.set(stale.get(j), new TableCopied(fresh.table(), fresh.rows(), first.bytes() + fresh.bytes(),
          first.resumedAfterRows()));
    }
  }

  /** The one transaction that replaces the data tables' rows; commits only what verifies. */
  private static VerificationReport swap(SqlServerCopyRun run, Connection pilot, List<SqlServerCopyStatements> tables,
      List<ForeignKeyInfo> keys, List<TableSum> expected) throws SQLException {
    Map<String, SqlServerCopyStatements> byName = tables.stream()
        .collect(Collectors.toMap(t -> t.plan().name(), Function.identity()));
    Map<String, TableSum> expectedByName = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      expectedByName.put(tables.get(i).plan().name(), expected.get(i));
    }
    List<String> parentsFirst = ForeignKeyOrder.parentsFirst(tables.stream().map(t -> t.plan().name()).toList(), keys);
    List<String> childrenFirst = new ArrayList<>(parentsFirst);
    Collections.reverse(childrenFirst);
    List<TableInfo> targets = tables.stream().map(t -> t.plan().target()).toList();

    run.progress().step(OPERATION + ": replacing");
    SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.lockTimeout(SWAP_LOCK_TIMEOUT_MILLIS));
    pilot.setAutoCommit(false);
    String current = null;
    try {
      List<TableObject> triggers = SqlServerCopyCatalog.enabledTriggers(pilot, targets);
      for (TableObject t : triggers) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.disableTrigger(t.schema(), t.table(), t.name()));
      }
      for (String name : childrenFirst) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.deleteAll(byName.get(name).target()));
      }
      for (String name : parentsFirst) {
        current = name;
        TablePlan plan = byName.get(name).plan();
        String schema = plan.target().schema();
        boolean identity = SqlServerCopyCatalog.hasIdentity(pilot, schema, name);
        if (identity) {
          SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.identityInsert(schema, name, true));
        }
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.insertFromStage(schema, name, plan.targetColumns()));
        if (identity) {
          SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.identityInsert(schema, name, false));
          SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.reseedIdentity(schema, name));
        }
      }
      current = null;
      run.progress().step(OPERATION + ": verifying");
      List<TableCheck> checks = new ArrayList<>();
      for (SqlServerCopyStatements table : tables) {
        TableSum actual = SqlServerChecksums.sum(pilot, table.destinationChecksum(table.target()));
        checks.add(Verification.check(table.plan(), expectedByName.get(table.plan().name()), actual));
      }
      VerificationReport report = new VerificationReport(checks);
      if (!report.allMatch()) {
        pilot.rollback();
        throw CopyFailures.verification("resync of pilot database " + run.job().pilot()
            + " (rolled back: the pilot keeps its previous rows)", report);
      }
      for (TableObject t : triggers) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.enableTrigger(t.schema(), t.table(), t.name()));
      }
      pilot.commit();
      return report;
    } catch (SQLException e) {
      pilot.rollback();
      ApplicationFailure meaning = swapFailure(e, run, current);
      if (meaning != null) {
        throw meaning;
      }
      throw e;
    } catch (RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      // Back to the server's default for whoever takes the connection from the pool next.
      pilot.setAutoCommit(true);
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.lockTimeout(-1));
    }
  }

  /**
   * What a failure of the swap's transaction means for the pilot, when it is one of those an operator
   * acts on (production's rows break a pilot constraint; a tester's lock held too long); else null.
   */
  static ApplicationFailure swapFailure(SQLException e, SqlServerCopyRun run, String table) {
    if (e.getErrorCode() == CONSTRAINT_CONFLICT) {
      return ApplicationFailure.newNonRetryableFailureWithCause("cannot replace the pilot's data tables: production's"
          + " rows" + (table == null ? "" : " of table " + table) + " break a constraint in pilot database "
          + run.job().pilot() + " (" + e.getMessage().strip() + "). Production's data refers to a row the pilot's"
          + " configuration no longer has; restore it in the pilot or fix the data in production. The pilot was left"
          + " as it was.", FailureTypes.PRECONDITION, e);
    }
    if (e.getErrorCode() == LOCK_TIMEOUT) {
      return ApplicationFailure.newFailureWithCause("a session of pilot database " + run.job().pilot()
          + " held a lock on the data tables for more than " + SWAP_LOCK_TIMEOUT_MILLIS / 1000 + " s (an open"
          + " transaction?); the pilot was left as it was and the resync will try again", CopyFailures.DATABASE_ERROR, e);
    }
    return null;
  }
}
