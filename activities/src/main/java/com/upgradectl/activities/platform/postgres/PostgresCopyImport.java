package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.pkg.TableClass;
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
 * Loads the pilot from one read point of production: foreign keys, keys and indexes taken off (and
 * recorded), bare tables copied in parallel lanes, chunk by chunk, verified inside the same read
 * point, keys, indexes and foreign keys built again in parallel, sequences advanced, statistics
 * gathered.
 *
 * <p>A retry resumes each table after the pilot's last committed chunk. Those rows were read at an
 * earlier read point: if production changed since, the verification at the new read point sees it,
 * and such a table is copied again whole before the result is reported.
 */
final class PostgresCopyImport {
  static final String OPERATION = "import";
  private static final Logger log = LoggerFactory.getLogger(PostgresCopyImport.class);

  private PostgresCopyImport() {}

  static CopyResult run(CopyJob job) {
    long started = System.currentTimeMillis();
    PostgresCopyRun run = PostgresCopyRun.start(job, OPERATION);
    try (PostgresCopySnapshot snapshot = PostgresCopySnapshot.open(job.production().dataSource());
        Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(snapshot.coordinator(), pilot, job.tables(),
            job.settings().binaryCopy());
      List<TableInfo> targets = tables.stream().map(t -> t.plan().target()).toList();
      PostgresCopyConstraints.prepareImport(pilot, targets);
      tables.forEach(t -> run.progress().planned(t.plan().name(), t.plan().source().estimatedRows()));

      List<TableCopied> copied = new ArrayList<>(copy(run, snapshot, tables));
      VerificationReport report = copied.stream().anyMatch(t -> t.resumedAfterRows() > 0)
          ? verifyThenBuild(run, snapshot, pilot, tables, copied)
          : PostgresVerifyWhileBuilding.run(run, snapshot, tables);
      for (TableInfo target : targets) {
        PostgresCopySequences.advance(pilot, target);
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.analyze(target.schema(), target.name()));
      }
      startPilotCapture(snapshot, pilot, tables);
      return new CopyResult(copied, System.currentTimeMillis() - started, report);
    } catch (SQLException e) {
      throw run.failure(e, "importing");
    }
  }

  /**
   * A resumed table may have to be emptied and copied again, which its keys, indexes and the foreign
   * keys of other tables would hinder: the check comes first, the build after it.
   */
  private static VerificationReport verifyThenBuild(PostgresCopyRun run, PostgresCopySnapshot snapshot,
      Connection pilot, List<PostgresCopyStatements> tables, List<TableCopied> copied) throws SQLException {
    CopyJob job = run.job();
    run.progress().step(OPERATION + ": verifying");
    List<TableCheck> checks = new ArrayList<>(PostgresChecksumChecks.againstReadPoint(job, snapshot, tables));
    recopyResumedMismatches(run, snapshot, pilot, tables, copied, checks);
    VerificationReport report = PostgresVerifyWhileBuilding.requireMatch(job, new VerificationReport(checks));
    run.progress().step(OPERATION + ": building indexes and constraints");
    PostgresCopyConstraints.restore(job.pilot().dataSource(), job.parallelism());
    return report;
  }

  /**
   * Where production's writes are captured, the pilot records the read point it now reflects, and
   * from then on its own data-record tables log what testers write: a refresh puts those rows back.
   */
  private static void startPilotCapture(PostgresCopySnapshot snapshot, Connection pilot,
      List<PostgresCopyStatements> tables) throws SQLException {
    if (!PostgresChangeCapture.installed(snapshot.coordinator())) {
      return;
    }
    String readPoint = PostgresChangeCapture.snapshot(snapshot.coordinator());
    List<TableInfo> dataTables = tables.stream().filter(t -> t.plan().spec().tableClass() == TableClass.DATA)
        .map(t -> t.plan().target()).toList();
    PostgresChangeCapture.install(pilot, dataTables, true);
    PostgresChangeCapture.recordApplied(pilot, readPoint);
  }

  private static List<TableCopied> copy(PostgresCopyRun run, PostgresCopySnapshot snapshot,
      List<PostgresCopyStatements> tables) throws SQLException {
    return PostgresParallelCopy.copy(run, snapshot, tables, PostgresCopyStatements::target);
  }

  /**
   * Rows of a resumed table came partly from an earlier read point; where production changed since,
   * the table is emptied and copied again at this one. A table copied entirely by this attempt that
   * does not match is a real failure and is left for the report.
   */
  private static void recopyResumedMismatches(PostgresCopyRun run, PostgresCopySnapshot snapshot, Connection pilot,
      List<PostgresCopyStatements> tables, List<TableCopied> copied, List<TableCheck> checks) throws SQLException {
    List<Integer> stale = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      if (!checks.get(i).matches() && copied.get(i).resumedAfterRows() > 0) {
        stale.add(i);
      }
    }
    if (stale.isEmpty()) {
      return;
    }
    List<PostgresCopyStatements> again = stale.stream().map(tables::get).toList();
    log.info("production changed since an earlier attempt copied part of {}: copying {} again",
        again.stream().map(t -> t.plan().name()).toList(), again.size() == 1 ? "it" : "them");
    run.progress().step(OPERATION + ": copying changed tables again");
    PostgresCopyJdbc.execute(pilot, PostgresCopySql.truncate(
        again.stream().map(t -> new String[] {t.target().schema(), t.target().table()}).toList()));
    List<TableCopied> recopied = copy(run, snapshot, again);
    List<TableCheck> rechecked = PostgresChecksumChecks.againstReadPoint(run.job(), snapshot, again);
    for (int j = 0; j < stale.size(); j++) {
      TableCopied fresh = recopied.get(j);
      TableCopied first = copied.get(stale.get(j));
      copied.set(stale.get(j), new TableCopied(fresh.table(), fresh.rows(), first.bytes() + fresh.bytes(),
          first.resumedAfterRows()));
      checks.set(stale.get(j), rechecked.get(j));
    }
  }
}
