package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.ForeignKeyOrder;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.activities.copy.Verification;
import com.upgradectl.activities.platform.sqlserver.SqlServerChangeCapture.TableState;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyCatalog.TableObject;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.KeyRange;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try at the refresh's pilot transaction (see {@link SqlServerCopyIncremental}): testers' writes
 * held, the pilot's side of the decision, production's rows of the changed keys staged, the pilot's
 * rows of those keys updated, inserted or deleted, verification, the versions recorded, commit. A table the record missed
 * writes of makes it roll back, so the next try copies it whole.
 */
final class SqlServerRefreshAttempt {
  private static final Logger log = LoggerFactory.getLogger(SqlServerRefreshAttempt.class);

  private final SqlServerCopyRun run;
  private final SqlServerChangeCapture capture;
  private final SqlServerSnapshotReadPoint readPoint;
  private final Connection pilot;
  private final List<SqlServerCopyStatements> tables;
  private final SqlServerRefreshDecision decision;
  private final long pilotSince;
  private final long productionVersion;
  private final boolean frozen;
  private final Map<String, String> missedByCapture = new LinkedHashMap<>();

  SqlServerRefreshAttempt(SqlServerCopyRun run, SqlServerChangeCapture capture, SqlServerSnapshotReadPoint readPoint,
      Connection pilot, List<SqlServerCopyStatements> tables, SqlServerRefreshDecision decision, long pilotSince,
      long productionVersion, boolean frozen) {
    this.run = run;
    this.capture = capture;
    this.readPoint = readPoint;
    this.pilot = pilot;
    this.tables = tables;
    this.decision = decision;
    this.pilotSince = pilotSince;
    this.productionVersion = productionVersion;
    this.frozen = frozen;
  }

  Map<String, String> missedByCapture() {
    return missedByCapture;
  }

  /**
   * @param stagedWhole tables staged whole before the transaction (their rows are in the stage already)
   * @return the result once committed; null when rolled back for tables to copy whole
   */
  CopyResult run(long started, List<TableCopied> stagedWhole) throws SQLException {
    Map<String, TableCopied> copied = new HashMap<>();
    stagedWhole.forEach(t -> copied.put(t.table(), t));
    Set<String> stagedOutside = Set.copyOf(copied.keySet());
    SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.lockTimeout(SqlServerCopyResync.SWAP_LOCK_TIMEOUT_MILLIS));
    pilot.setAutoCommit(false);
    Connection reader = readPoint.reader();
    String current = null;
    try {
      long applyStarted = System.currentTimeMillis();
      for (SqlServerCopyStatements table : tables) {
        SqlServerCopyJdbc.execute(pilot, new SqlServerIncrementalStatements(table.plan()).holdWriters());
      }
      long pilotVersion = capture.currentVersion(pilot);
      decideAtPilot();
      run.progress().step(SqlServerCopyIncremental.OPERATION + ": applying changes");
      for (SqlServerCopyStatements table : tables) {
        String name = table.plan().name();
        if (decision.byKeys(name)) {
          copied.put(name, stageKeys(reader, table));
        } else if (!stagedOutside.contains(name)) {
          copied.put(name, stageWhole(reader, table));
        }
      }
      List<TableInfo> targets = tables.stream().map(t -> t.plan().target()).toList();
      List<TableObject> triggers = SqlServerCopyCatalog.enabledTriggers(pilot, targets);
      for (TableObject t : triggers) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.disableTrigger(t.schema(), t.table(), t.name()));
      }
      List<String> parentsFirst = ForeignKeyOrder.parentsFirst(tables.stream().map(t -> t.plan().name()).toList(),
          decision.foreignKeys());
      List<String> childrenFirst = new ArrayList<>(parentsFirst);
      Collections.reverse(childrenFirst);
      Map<String, SqlServerCopyStatements> byName = tables.stream()
          .collect(Collectors.toMap(t -> t.plan().name(), t -> t));
      // Whole tables emptied (children first), every table's rows written (parents first), then the
      // rows of keys production no longer has removed (children first): no step leaves a row referring
      // to one that is gone, so the pilot's foreign keys stay in force throughout.
      for (String name : childrenFirst) {
        if (!decision.byKeys(name)) {
          SqlServerCopyJdbc.execute(pilot, new SqlServerIncrementalStatements(byName.get(name).plan()).deleteAll());
        }
      }
      for (String name : parentsFirst) {
        current = name;
        write(byName.get(name).plan());
        run.progress().chunk(name, copied.get(name).rows(), copied.get(name).bytes());
      }
      for (String name : childrenFirst) {
        current = name;
        if (decision.byKeys(name)) {
          SqlServerCopyJdbc.execute(pilot, new SqlServerIncrementalStatements(byName.get(name).plan()).deleteGone());
        }
      }
      current = null;
      run.progress().step(SqlServerCopyIncremental.OPERATION + ": verifying");
      VerificationReport report = verify(reader);
      if (!missedByCapture.isEmpty()) {
        pilot.rollback();
        return null;
      }
      if (!report.allMatch()) {
        pilot.rollback();
        throw CopyFailures.verification("refresh of pilot database " + run.job().pilot()
            + " (rolled back: the pilot keeps its previous rows)", report);
      }
      for (TableObject t : triggers) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.enableTrigger(t.schema(), t.table(), t.name()));
      }
      capture.recordApplied(pilot, productionVersion, pilotVersion);
      pilot.commit();
      long applyMillis = System.currentTimeMillis() - applyStarted;
      tables.forEach(t -> run.progress().done(t.plan().name()));
      List<TableCopied> result = tables.stream().map(t -> copied.get(t.plan().name())).toList();
      return new CopyResult(result, System.currentTimeMillis() - started, report, null, decision.summary(),
          applyMillis);
    } catch (SQLException e) {
      pilot.rollback();
      ApplicationFailure meaning = SqlServerCopyResync.swapFailure(e, run, current);
      if (meaning != null) {
        throw meaning;
      }
      throw e;
    } catch (RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      readPoint.release(reader);
      // Back to the server's default for whoever takes the connection from the pool next.
      pilot.setAutoCommit(true);
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.lockTimeout(-1));
    }
  }

  /** The pilot's record, read while testers' writes wait: untrusted tables whole, testers' keys added. */
  private void decideAtPilot() throws SQLException {
    Map<String, TableState> states = capture.states(pilot, tables.stream().map(t -> t.plan().target()).toList(),
        pilotSince, "the pilot");
    for (SqlServerCopyStatements table : tables) {
      TablePlan plan = table.plan();
      if (!decision.byKeys(plan.name())) {
        continue;
      }
      TableState state = states.get(plan.name());
      if (!state.trusted()) {
        decision.whole(plan.name(), state.untrustedBecause());
        continue;
      }
      String schema = plan.target().schema();
      long testers = capture.changedKeyCount(pilot, schema, plan.name(), pilotSince, true);
      long total = testers + decision.keysOf(plan.name()).size();
      if (total >= SqlServerRefreshDecision.wholeCopyAt(plan)) {
        decision.whole(plan.name(), SqlServerRefreshDecision.tooManyKeys(total));
        continue;
      }
      decision.keys(plan.name(), capture.changedKeys(pilot, schema, plan.name(),
          new SqlServerIncrementalStatements(plan).keyColumns(), pilotSince, true));
    }
    decision.spreadToChildren();
    tables.stream().map(t -> t.plan().name()).filter(decision::isWhole)
        .forEach(name -> log.info("refresh copies {} whole: {}", name, decision.wholeBecause(name)));
  }

  /** The changed keys into their table, production's rows of them (at the read point) into the stage. */
  private TableCopied stageKeys(Connection reader, SqlServerCopyStatements table) throws SQLException {
    TablePlan plan = table.plan();
    SqlServerIncrementalStatements sql = new SqlServerIncrementalStatements(plan);
    SqlServerCopyJdbc.execute(pilot, SqlServerIncrementalStatements.createKeysSchema());
    SqlServerCopyJdbc.execute(pilot, sql.dropKeys());
    SqlServerCopyJdbc.execute(pilot, sql.createKeys());
    SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.deleteAll(table.stage()));
    List<List<Object>> keys = new ArrayList<>(decision.keysOf(plan.name()));
    for (List<List<Object>> batch : batches(keys, sql.keysPerInsert())) {
      try (PreparedStatement insert = pilot.prepareStatement(sql.insertKeys(batch.size()))) {
        int i = 1;
        for (List<Object> key : batch) {
          for (Object value : key) {
            insert.setObject(i++, value);
          }
        }
        insert.executeUpdate();
      }
    }
    for (List<List<Object>> batch : batches(keys, table.keysPerStatement())) {
      // No ORDER hint: the keys' rows are read in no order, into a staging heap (SELECT ... INTO).
      SqlServerCopyTable.bulkLoad(reader, pilot, table.selectKeys(batch), table.stage(), table,
          run.job().settings().chunkRows(), List.of());
    }
    SqlServerCopyJdbc.execute(pilot, sql.dedupeStage());
    long rows = SqlServerCopyJdbc.count(pilot, table.count(table.stage()));
    long bytes = plan.source().estimatedBytes(rows);
    run.job().metrics().copied(run.operation(), plan.name(), rows, bytes);
    return new TableCopied(plan.name(), rows, bytes, 0);
  }

  /** A table the pilot's side made whole: staged inside the transaction, in one piece. */
  private TableCopied stageWhole(Connection reader, SqlServerCopyStatements table) throws SQLException {
    SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.deleteAll(table.stage()));
    // No ORDER hint: the staging table is a heap (SELECT ... INTO), it has no clustered key to follow.
    SqlServerCopyTable.bulkLoad(reader, pilot, table.select(KeyRange.ALL), table.stage(), table,
        run.job().settings().chunkRows(), List.of());
    long rows = SqlServerCopyJdbc.count(pilot, table.count(table.stage()));
    long bytes = table.plan().source().estimatedBytes(rows);
    run.job().metrics().copied(run.operation(), table.plan().name(), rows, bytes);
    return new TableCopied(table.plan().name(), rows, bytes, 0);
  }

  /** A whole table's staged rows inserted; a table by key: its changed rows updated in place, new ones inserted. */
  private void write(TablePlan plan) throws SQLException {
    SqlServerIncrementalStatements sql = new SqlServerIncrementalStatements(plan);
    String schema = plan.target().schema();
    if (decision.byKeys(plan.name()) && sql.updateChanged() != null) {
      SqlServerCopyJdbc.execute(pilot, sql.updateChanged());
    }
    boolean identity = SqlServerCopyCatalog.hasIdentity(pilot, schema, plan.name());
    if (identity) {
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.identityInsert(schema, plan.name(), true));
    }
    SqlServerCopyJdbc.execute(pilot, decision.byKeys(plan.name()) ? sql.insertNew() : sql.insertStaged());
    if (identity) {
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.identityInsert(schema, plan.name(), false));
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.reseedIdentity(schema, plan.name()));
    }
  }

  /**
   * Outside the freeze every table is compared whole against the read point. While frozen, a table
   * applied by key is compared on its changed keys: production's staged rows of them against the
   * pilot's rows of them now (the refresh before the freeze verified the rest whole).
   */
  private VerificationReport verify(Connection reader) throws SQLException {
    List<TableCheck> checks = new ArrayList<>();
    for (SqlServerCopyStatements table : tables) {
      TablePlan plan = table.plan();
      boolean byKeys = decision.byKeys(plan.name());
      TableCheck check;
      if (byKeys && frozen) {
        SqlServerIncrementalStatements sql = new SqlServerIncrementalStatements(plan);
        TableSum expected = SqlServerChecksums.sum(pilot, table.destinationChecksum(table.stage()));
        TableSum actual = SqlServerChecksums.sum(pilot, sql.sumOfKeys());
        check = Verification.check(plan, expected, actual).ofKeysIn(
            SqlServerIncrementalStatements.KEYS_SCHEMA + "." + plan.name(), sql.keyColumns());
      } else {
        TableSum expected = SqlServerChecksums.sum(reader, table.sourceChecksum());
        TableSum actual = SqlServerChecksums.sum(pilot, table.destinationChecksum(table.target()));
        check = Verification.check(plan, expected, actual);
      }
      if (byKeys && !frozen && !check.matches()) {
        missedByCapture.put(plan.name(), "it did not match production after its changed keys were applied"
            + " (a write Change Tracking did not record)");
      }
      checks.add(check);
    }
    return new VerificationReport(checks);
  }

  private static List<List<List<Object>>> batches(List<List<Object>> keys, int size) {
    List<List<List<Object>>> batches = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += size) {
      batches.add(keys.subList(from, Math.min(keys.size(), from + size)));
    }
    return batches;
  }
}
