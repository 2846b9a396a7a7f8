package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.ParallelLanes;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.activities.platform.sqlserver.SqlServerChangeCapture.TableState;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the pilot's data-record tables up to production by the keys Change Tracking says were
 * written since the versions the pilot reflects, on either side (production's writes; testers'
 * writes in the pilot, put back to production's rows), in one transaction of the pilot: testers see
 * the rows before or after, never a mix.
 *
 * <p>No gap: production's version V' is read on its own connection <em>before</em> the new read
 * point R' exists, so every change after V' is either in R' or listed by the next refresh; the keys
 * are listed <em>after</em> R' exists (in the SNAPSHOT transaction itself, where that is the read
 * point), so every change up to R' is listed. A change between V' and R' is applied now and listed
 * again next time: re-applying a key is idempotent (its row at the next read point replaces it), so
 * the overlap costs a re-read, never a wrong row. The pilot's own version is read inside the
 * transaction once testers' writes are held, so its record splits exactly at the refresh.
 *
 * <p>Never a guess: a table whose record cannot vouch for it ({@link SqlServerChangeCapture#states})
 * or with more changed keys than a whole copy costs is copied whole in the same transaction, and so
 * is every data table referring to it; outside the freeze each table is verified whole against R',
 * and one that does not match after its keys were applied (a write the record missed) rolls the
 * transaction back and is copied whole on the second attempt. Each such table is reported with why.
 */
final class SqlServerCopyIncremental {
  static final String OPERATION = SqlServerCopyResync.OPERATION;
  private static final Logger log = LoggerFactory.getLogger(SqlServerCopyIncremental.class);

  private SqlServerCopyIncremental() {}

  /** Whether the pilot records the versions it reflects, so that it can be refreshed by key. */
  static boolean possible(CopyJob job) {
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      return SqlServerChangeCapture.jdbc().applied(pilot) != null;
    } catch (SQLException e) {
      throw SqlServerCopyFailures.translate(e, "reading the change capture of pilot database " + job.pilot());
    }
  }

  /**
   * @param frozen production is frozen and the refresh just before verified every table: the tables
   *     applied by key are verified on their changed keys only
   */
  static CopyResult run(CopyJob job, boolean frozen) {
    long started = System.currentTimeMillis();
    SqlServerCopyRun run = SqlServerCopyRun.start(job, OPERATION);
    SqlServerChangeCapture capture = SqlServerChangeCapture.jdbc();
    try (Connection pilot = job.pilot().dataSource().getConnection();
        Connection production = job.production().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      production.setAutoCommit(true);
      long[] applied = capture.applied(pilot);
      if (applied == null) {
        throw new IllegalStateException("pilot database " + job.pilot() + " records no version to refresh from");
      }
      long productionVersion = capture.currentVersion(production);
      try (SqlServerSnapshotReadPoint readPoint = SqlServerCopier.readPoint(job)) {
        List<SqlServerCopyStatements> tables = SqlServerCopyPlanning.plan(production, pilot, job.tables(),
            readPoint.snapshotDatabase());
        List<ForeignKeyInfo> foreignKeys = SqlServerCopyCatalog.foreignKeysTouching(pilot,
            tables.stream().map(t -> t.plan().target()).toList());
        CopyFailures.refuseReferencesIntoDataTables(
            tables.stream().map(t -> t.plan().name()).collect(Collectors.toSet()), foreignKeys);
        SqlServerCopyResync.prepareStage(pilot, tables);
        tables.forEach(t -> run.progress().planned(t.plan().name(), 0));

        SqlServerRefreshDecision decision = new SqlServerRefreshDecision(tables, foreignKeys);
        decideAtProduction(capture, production, readPoint, tables, applied[0], decision);
        List<TableCopied> stagedWhole = stageWholeOutside(run, readPoint, pilot, tables, decision);

        Map<String, String> forcedWhole = new LinkedHashMap<>();
        while (true) {
          SqlServerRefreshAttempt attempt = new SqlServerRefreshAttempt(run, capture, readPoint, pilot, tables,
              decision.copy(forcedWhole), applied[1], productionVersion, frozen);
          CopyResult result = attempt.run(started, stagedWhole);
          if (result != null) {
            dropStage(pilot, tables, frozen);
            return new CopyResult(result.tables(), result.elapsedMillis(), result.verification(),
                readPoint.description(), result.refresh(), result.applyMillis());
          }
          forcedWhole.putAll(attempt.missedByCapture());
          log.warn("the pilot did not match production after applying the changed keys of {}: copying {} whole",
              attempt.missedByCapture().keySet(), attempt.missedByCapture().size() == 1 ? "it" : "them");
        }
      }
    } catch (SQLException e) {
      throw run.failure(e, "refreshing the data tables by their changed keys");
    }
  }

  /**
   * Production's side of the decision: tables its record cannot vouch for, or with too many changed
   * keys, are copied whole; the others' keys are listed now that the read point exists.
   */
  private static void decideAtProduction(SqlServerChangeCapture capture, Connection production,
      SqlServerSnapshotReadPoint readPoint, List<SqlServerCopyStatements> tables, long since,
      SqlServerRefreshDecision decision) throws SQLException {
    List<TableInfo> sources = tables.stream().map(t -> t.plan().source()).distinct().toList();
    Map<String, TableState> states = capture.states(production, sources, since, "production");
    Connection lister = readPoint.reader();
    try {
      for (SqlServerCopyStatements table : tables) {
        TablePlan plan = table.plan();
        TableState state = states.get(plan.source().name());
        String reason = SqlServerRefreshDecision.wholeReason(plan, state);
        if (reason != null) {
          decision.whole(plan.name(), reason);
          continue;
        }
        long count = capture.changedKeyCount(lister, plan.source().schema(), plan.source().name(), since, false);
        if (count >= SqlServerRefreshDecision.wholeCopyAt(plan)) {
          decision.whole(plan.name(), SqlServerRefreshDecision.tooManyKeys(count));
          continue;
        }
        Set<List<Object>> keys = capture.changedKeys(lister, plan.source().schema(), plan.source().name(),
            state.keyColumns(), since, false);
        decision.keys(plan.name(), SqlServerRefreshDecision.inTargetOrder(plan, state.keyColumns(), keys));
      }
    } finally {
      readPoint.release(lister);
    }
  }

  /**
   * Tables production alone makes whole are staged before the transaction, chunked and resumable like
   * a resync; those the pilot's side makes whole are staged inside it.
   */
  private static List<TableCopied> stageWholeOutside(SqlServerCopyRun run, SqlServerSnapshotReadPoint readPoint,
      Connection pilot, List<SqlServerCopyStatements> tables, SqlServerRefreshDecision decision) throws SQLException {
    List<SqlServerCopyStatements> whole = tables.stream().filter(t -> decision.isWhole(t.plan().name())).toList();
    if (whole.isEmpty()) {
      return List.of();
    }
    List<TableCopied> copied = new ArrayList<>(SqlServerCopyResync.copyToStage(run, readPoint, whole));
    List<TableSum> expected = ParallelLanes.run(OPERATION + "-sums", readPoint.lanes(run.job().parallelism()), whole,
        () -> SqlServerCopyLane.open(readPoint, run.job().pilot().dataSource()),
        (lane, table) -> SqlServerChecksums.sum(lane.reader(), table.sourceChecksum()));
    SqlServerCopyResync.recopyStaleStage(run, readPoint, pilot, whole, copied, expected);
    return copied;
  }

  /** While frozen, the keys stay for the post-switch check (removed with the capture). */
  private static void dropStage(Connection pilot, List<SqlServerCopyStatements> tables, boolean frozen)
      throws SQLException {
    for (SqlServerCopyStatements table : tables) {
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.dropStageTable(table.plan().name()));
      if (!frozen) {
        SqlServerCopyJdbc.execute(pilot, new SqlServerIncrementalStatements(table.plan()).dropKeys());
      }
    }
    SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.dropStageSchema());
    if (!frozen) {
      SqlServerCopyJdbc.execute(pilot, SqlServerIncrementalStatements.dropKeysSchema());
    }
  }
}
