package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.ForeignKeyOrder;
import com.upgradectl.activities.copy.ParallelLanes;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.activities.copy.Verification;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the pilot's data-record tables with production's rows of one read point, while testers
 * keep using the pilot.
 *
 * <p>Rows are first copied into a staging schema of the pilot (unlogged, chunked and resumable like
 * an import). Then one transaction empties the data tables together, fills them from the staging
 * tables (parents first), verifies them against the read point and commits: a reader sees the old
 * rows or the new ones, never a mix (TRUNCATE's lock holds readers until the commit). Anything that
 * fails in that transaction — a row referring to configuration the operator deleted in the pilot, a
 * checksum that differs — rolls it back and leaves the pilot as it was. Configuration tables are
 * never written.
 *
 * <p>One caveat is PostgreSQL's: TRUNCATE is not MVCC-safe, so a reader inside a REPEATABLE READ
 * transaction that began before the swap sees the data tables empty afterwards (statements in READ
 * COMMITTED, what applications use, see the old rows or the new). Sessions that hold a lock on a
 * data table for more than {@value PostgresPilotSwap#LOCK_TIMEOUT_SECONDS} s make the swap give up and retry.
 */
final class PostgresCopyResync {
  static final String OPERATION = "resync";
  private static final Logger log = LoggerFactory.getLogger(PostgresCopyResync.class);

  private PostgresCopyResync() {}

  static CopyResult run(CopyJob job) {
    long started = System.currentTimeMillis();
    PostgresCopyRun run = PostgresCopyRun.start(job, OPERATION);
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      try (PostgresCopySnapshot snapshot = PostgresCopySnapshot.open(job.production().dataSource())) {
        List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(snapshot.coordinator(), pilot, job.tables(),
            job.settings().binaryCopy());
        List<ForeignKeyInfo> keys = PostgresCatalog.foreignKeysTouching(pilot,
            tables.stream().map(t -> t.plan().target()).toList());
        CopyFailures.refuseReferencesIntoDataTables(
            tables.stream().map(t -> t.plan().name()).collect(Collectors.toSet()), keys);
        prepareStage(pilot, tables);
        tables.forEach(t -> run.progress().planned(t.plan().name(), t.plan().source().estimatedRows()));

        List<TableCopied> copied = new ArrayList<>(
            PostgresParallelCopy.copy(run, snapshot, tables, PostgresCopyStatements::stage));
        run.progress().step(OPERATION + ": checking");
        List<TableSum> expected = ParallelLanes.run(OPERATION + "-sums", job.parallelism(), tables,
            () -> PostgresCopyLane.open(snapshot, job.pilot().dataSource()),
            (lane, table) -> PostgresChecksums.sum(lane.reader(), table.sourceSum()));
        recopyStaleStage(run, snapshot, pilot, tables, copied, expected);

        VerificationReport report = swap(run, pilot, tables, keys, expected);
        for (PostgresCopyStatements table : tables) {
          PostgresCopyJdbc.execute(pilot, PostgresCopySql.analyze(table.target().schema(), table.target().table()));
        }
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.dropStageSchema());
        return new CopyResult(copied, System.currentTimeMillis() - started, report);
      }
    } catch (SQLException e) {
      throw run.failure(e, "resyncing the data tables");
    }
  }

  /**
   * Staging tables left by an earlier attempt are kept when their columns still fit (their rows are
   * resumed, and checked below); any other is created afresh.
   */
  private static void prepareStage(Connection pilot, List<PostgresCopyStatements> tables) throws SQLException {
    PostgresCopyJdbc.execute(pilot, PostgresCopySql.createStageSchema());
    for (PostgresCopyStatements table : tables) {
      TablePlan plan = table.plan();
      List<String> wanted = plan.columns().stream().map(c -> c.target() + " " + c.targetType()).toList();
      List<String> present = PostgresCatalog.columnSignature(pilot, PostgresCopySql.STAGE_SCHEMA, plan.name());
      if (!present.equals(wanted)) {
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.dropStageTable(plan.name()));
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.createStageTable(plan.target().schema(), plan.name(),
            plan.targetColumns()));
      }
    }
  }

  /** Staged rows resumed from an earlier read point that no longer match this one are copied again. */
  private static void recopyStaleStage(PostgresCopyRun run, PostgresCopySnapshot snapshot, Connection pilot,
      List<PostgresCopyStatements> tables, List<TableCopied> copied, List<TableSum> expected) throws SQLException {
    List<Integer> stale = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      if (copied.get(i).resumedAfterRows() > 0) {
        TableSum staged = PostgresChecksums.sum(pilot, tables.get(i).destinationSum(tables.get(i).stage()));
        if (!staged.equals(expected.get(i))) {
          stale.add(i);
        }
      }
    }
    if (stale.isEmpty()) {
      return;
    }
    List<PostgresCopyStatements> again = stale.stream().map(tables::get).toList();
    log.info("production changed since an earlier attempt staged part of {}: staging again",
        again.stream().map(t -> t.plan().name()).toList());
    PostgresCopyJdbc.execute(pilot, PostgresCopySql.truncate(
        again.stream().map(t -> new String[] {t.stage().schema(), t.stage().table()}).toList()));
    List<TableCopied> recopied = PostgresParallelCopy.copy(run, snapshot, again, PostgresCopyStatements::stage);
    for (int j = 0; j < stale.size(); j++) {
      TableCopied first = copied.get(stale.get(j));
      TableCopied fresh = recopied.get(j);
      copied.set(stale.get(j), new TableCopied(fresh.table(), fresh.rows(), first.bytes() + fresh.bytes(),
          first.resumedAfterRows()));
    }
  }

  /** The one transaction that replaces the data tables' rows; commits only what verifies. */
  private static VerificationReport swap(PostgresCopyRun run, Connection pilot, List<PostgresCopyStatements> tables,
      List<ForeignKeyInfo> keys, List<TableSum> expected) throws SQLException {
    Map<String, PostgresCopyStatements> byName = tables.stream()
        .collect(Collectors.toMap(t -> t.plan().name(), Function.identity()));
    Map<String, TableSum> expectedByName = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      expectedByName.put(tables.get(i).plan().name(), expected.get(i));
    }
    List<String> order = ForeignKeyOrder.parentsFirst(tables.stream().map(t -> t.plan().name()).toList(), keys);

    run.progress().step(OPERATION + ": replacing");
    pilot.setAutoCommit(false);
    String current = null;
    try {
      PostgresPilotSwap.begin(pilot);
      PostgresCopyJdbc.execute(pilot, PostgresCopySql.truncate(
          tables.stream().map(t -> new String[] {t.target().schema(), t.target().table()}).toList()));
      for (String name : order) {
        current = name;
        TablePlan plan = byName.get(name).plan();
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.insertFromStage(plan.target().schema(), plan.name(),
            plan.targetColumns()));
      }
      current = null;
      run.progress().step(OPERATION + ": verifying");
      List<TableCheck> checks = new ArrayList<>();
      for (PostgresCopyStatements table : tables) {
        Destination target = table.target();
        TableSum actual = PostgresChecksums.sum(pilot, table.destinationSum(target));
        checks.add(Verification.check(table.plan(), expectedByName.get(table.plan().name()), actual));
      }
      VerificationReport report = new VerificationReport(checks);
      if (!report.allMatch()) {
        pilot.rollback();
        throw CopyFailures.verification("resync of pilot database " + run.job().pilot()
            + " (rolled back: the pilot keeps its previous rows)", report);
      }
      // Deferred constraints are checked here, before the sequences move (setval is not transactional).
      try (Statement s = pilot.createStatement()) {
        s.execute("SET CONSTRAINTS ALL IMMEDIATE");
      }
      for (PostgresCopyStatements table : tables) {
        PostgresCopySequences.advance(pilot, table.plan().target());
      }
      pilot.commit();
      return report;
    } catch (SQLException e) {
      pilot.rollback();
      throw PostgresPilotSwap.translate(e, current, run);
    } catch (RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      pilot.setAutoCommit(true);
    }
  }
}
