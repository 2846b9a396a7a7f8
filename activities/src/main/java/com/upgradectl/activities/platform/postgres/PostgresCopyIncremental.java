package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.ForeignKeyOrder;
import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.activities.copy.Verification;
import com.upgradectl.activities.platform.postgres.PostgresChangeCapture.TableState;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import com.upgradectl.activities.platform.postgres.PostgresCopyStream.Transfer;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableRefresh;
import com.upgradectl.workflows.common.VerificationReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the pilot's data-record tables up to production by the keys written since the read point
 * the pilot reflects (on either side: production's writes, and testers' writes in the pilot, which
 * are put back to production's rows), in one transaction of the pilot: testers see the rows before
 * or after, never a mix.
 *
 * <p>Exactness: the pilot equalled production at its last read point R (verified then); every key
 * written since on either side is in a change log ({@link PostgresChangeCapture}); the rows of those
 * keys are replaced by production's rows at the new read point R'. Rows of other keys changed on
 * neither side, so the pilot equals production at R'. A refresh proves it with a full count and
 * checksum of every table at R' (production keeps running); the switch's final refresh, while
 * production is frozen, checks only the changed keys, since the refresh just before the freeze
 * verified everything else.
 *
 * <p>Never a guess: a table whose capture cannot be trusted (no key to apply by, triggers dropped or
 * disabled, columns changed, a TRUNCATE) or with more changed keys than a whole copy costs is copied
 * whole inside the same transaction, and so is every data table referring to it; a table whose full
 * verification fails after its keys were applied (a write the capture missed) is copied whole on a
 * second attempt. Each such table is reported with its reason.
 */
final class PostgresCopyIncremental {
  static final String OPERATION = "resync";
  /** A changed-key list this long or longer, relative to the table, makes a whole copy quicker. */
  static final double WHOLE_COPY_SHARE = 0.25;
  static final int WHOLE_COPY_MIN_KEYS = 10_000;
  /** Keys per statement reading production's rows: bounds the statement's text (about 1 MB of bigint keys). */
  private static final int KEYS_PER_STATEMENT = 50_000;
  private static final Logger log = LoggerFactory.getLogger(PostgresCopyIncremental.class);

  private PostgresCopyIncremental() {}

  /** Whether the pilot reflects a recorded read point, so that it can be refreshed by key. */
  static boolean possible(CopyJob job) {
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      return PostgresChangeCapture.applied(pilot) != null;
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "reading the change capture of pilot database " + job.pilot());
    }
  }

  /**
   * @param frozen production is frozen and the refresh just before verified every table: check only
   *     the changed keys, and leave production's log alone (a write now would look like the
   *     application's)
   */
  static CopyResult run(CopyJob job, boolean frozen) {
    long started = System.currentTimeMillis();
    PostgresCopyRun run = PostgresCopyRun.start(job, OPERATION);
    try (Connection pilot = job.pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      String applied = PostgresChangeCapture.applied(pilot);
      if (applied == null) {
        throw new IllegalStateException("pilot database " + job.pilot() + " records no read point to refresh from");
      }
      CopyResult result;
      String readPoint;
      try (PostgresCopySnapshot snapshot = PostgresCopySnapshot.open(job.production().dataSource())) {
        List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(snapshot.coordinator(), pilot, job.tables(),
            job.settings().binaryCopy());
        List<ForeignKeyInfo> keys = PostgresCatalog.foreignKeysTouching(pilot,
            tables.stream().map(t -> t.plan().target()).toList());
        CopyFailures.refuseReferencesIntoDataTables(
            tables.stream().map(t -> t.plan().name()).collect(Collectors.toSet()), keys);
        readPoint = PostgresChangeCapture.snapshot(snapshot.coordinator());
        PostgresKeyLookups.preferIndexProbes(snapshot.coordinator());
        Map<String, TableState> atProduction = PostgresChangeCapture.states(snapshot.coordinator(),
            tables.stream().map(t -> t.plan().source()).distinct().toList(), applied, "production");
        tables.forEach(t -> run.progress().planned(t.plan().name(), 0));
        Map<String, String> forcedWhole = new LinkedHashMap<>();
        while (true) {
          Attempt attempt = new Attempt(run, snapshot, pilot, tables, keys, atProduction, applied, readPoint, frozen,
              forcedWhole);
          result = attempt.run(started);
          if (result != null) {
            break;
          }
          forcedWhole.putAll(attempt.missedByCapture());
          log.warn("the pilot did not match production after applying the changed keys of {}: copying {} whole",
              attempt.missedByCapture().keySet(), attempt.missedByCapture().size() == 1 ? "it" : "them");
        }
      }
      if (!frozen) {
        forgetApplied(job.production().dataSource(), readPoint);
      }
      return result;
    } catch (SQLException e) {
      throw run.failure(e, "refreshing the data tables by their changed keys");
    }
  }

  /** Production's log rows the pilot now reflects are not needed again; a failure here costs nothing. */
  private static void forgetApplied(DataSource production, String readPoint) {
    try (Connection c = production.getConnection()) {
      c.setAutoCommit(true);
      PostgresChangeCapture.forgetSeenBy(c, readPoint);
    } catch (SQLException e) {
      log.warn("could not prune production's change log (it is pruned at the next refresh): {}", e.getMessage());
    }
  }

  /** One try at the pilot's transaction; a table the capture missed writes of makes it roll back. */
  private static final class Attempt {
    private final PostgresCopyRun run;
    private final PostgresCopySnapshot snapshot;
    private final Connection pilot;
    private final List<PostgresCopyStatements> tables;
    private final List<ForeignKeyInfo> foreignKeys;
    private final Map<String, TableState> atProduction;
    private final String applied;
    private final String readPoint;
    private final boolean frozen;
    private final Map<String, String> wholeBecause;
    private final Map<String, Set<List<String>>> changedKeys = new HashMap<>();
    private final Map<String, String> missedByCapture = new LinkedHashMap<>();
    private final Map<String, String> rowsTables = new HashMap<>();
    private final Map<String, Set<List<String>>> productionKeys = new HashMap<>();
    private PostgresKeySumsAhead productionSums;
    private PostgresRowStager rowStager;

    Attempt(PostgresCopyRun run, PostgresCopySnapshot snapshot, Connection pilot, List<PostgresCopyStatements> tables,
        List<ForeignKeyInfo> foreignKeys, Map<String, TableState> atProduction, String applied, String readPoint,
        boolean frozen, Map<String, String> forcedWhole) {
      this.run = run;
      this.snapshot = snapshot;
      this.pilot = pilot;
      this.tables = tables;
      this.foreignKeys = foreignKeys;
      this.atProduction = atProduction;
      this.applied = applied;
      this.readPoint = readPoint;
      this.frozen = frozen;
      this.wholeBecause = new LinkedHashMap<>(forcedWhole);
      for (int i = 0; i < tables.size(); i++) {
        rowsTables.put(tables.get(i).plan().name(), "upgradectl_rows_" + (i + 1));
      }
    }

    /** The table that holds production's rows of a table's changed keys until they are applied. */
    private String rowsTable(String table) {
      return rowsTables.get(table);
    }

    Map<String, String> missedByCapture() {
      return missedByCapture;
    }

    /** @return the result once committed; null when rolled back for tables to copy whole */
    CopyResult run(long started) throws SQLException {
      pilot.setAutoCommit(false);
      try {
        long applyStarted = System.currentTimeMillis();
        begin();
        decide();
        if (frozen) {
          productionSums = PostgresKeySumsAhead.start(snapshot, tables, changedKeyLists(), KEYS_PER_STATEMENT);
        }
        List<TableCopied> copied = apply();
        run.progress().step(OPERATION + ": verifying");
        VerificationReport report = verify();
        if (!missedByCapture.isEmpty()) {
          pilot.rollback();
          return null;
        }
        if (!report.allMatch()) {
          pilot.rollback();
          throw CopyFailures.verification("refresh of pilot database " + run.job().pilot()
              + " (rolled back: the pilot keeps its previous rows)", report);
        }
        finish();
        pilot.commit();
        long applyMillis = System.currentTimeMillis() - applyStarted;
        tables.forEach(t -> run.progress().done(t.plan().name()));
        return new CopyResult(copied, System.currentTimeMillis() - started, report, null, summary(), applyMillis);
      } catch (SQLException e) {
        pilot.rollback();
        throw PostgresPilotSwap.translate(e, run);
      } catch (RuntimeException e) {
        pilot.rollback();
        throw e;
      } finally {
        if (productionSums != null) {
          productionSums.close();
        }
        if (rowStager != null) {
          rowStager.close();
        }
        pilot.setAutoCommit(true);
      }
    }

    private Map<String, List<List<String>>> changedKeyLists() {
      Map<String, List<List<String>>> lists = new HashMap<>();
      changedKeys.forEach((table, keys) -> lists.put(table, List.copyOf(keys)));
      return lists;
    }

    /** Testers may read on; their writes wait for the commit, so every one of them is in the pilot's log. */
    private void begin() throws SQLException {
      PostgresPilotSwap.begin(pilot);
      PostgresChangeCapture.quiet(pilot);
      PostgresKeyLookups.preferIndexProbes(pilot);
      PostgresCopyJdbc.execute(pilot, PostgresIncrementalSql.dropKeysSchema());
      PostgresCopyJdbc.execute(pilot, PostgresIncrementalSql.createKeysSchema());
      PostgresCopyJdbc.execute(pilot, "LOCK TABLE " + tables.stream()
          .map(t -> PostgresCopySql.name(t.target().schema(), t.target().table())).collect(Collectors.joining(", "))
          + " IN EXCLUSIVE MODE");
    }

    /** Which tables go by key (and which keys), which whole and why. */
    private void decide() throws SQLException {
      Map<String, TableState> atPilot = PostgresChangeCapture.states(pilot,
          tables.stream().map(t -> t.plan().target()).toList(), null, "the pilot");
      for (PostgresCopyStatements table : tables) {
        TablePlan plan = table.plan();
        if (wholeBecause.containsKey(plan.name())) {
          continue;
        }
        TableState source = atProduction.get(plan.source().name());
        TableState target = atPilot.get(plan.name());
        String reason = wholeReason(plan, source, target);
        if (reason != null) {
          wholeBecause.put(plan.name(), reason);
          continue;
        }
        Set<List<String>> keys = new LinkedHashSet<>();
        for (List<String> key : changedInProduction(plan.source().name(), source.keyColumns())) {
          keys.add(inTargetOrder(plan, source.keyColumns(), key));
        }
        keys.addAll(PostgresChangeCapture.changedKeys(pilot, plan.name(), target.keyColumns(), null));
        if (keys.size() >= wholeCopyAt(plan)) {
          wholeBecause.put(plan.name(), tooManyKeys(keys.size()));
        } else {
          changedKeys.put(plan.name(), keys);
        }
      }
      // A table referring to one copied whole is copied whole too: its rows' parents are all replaced.
      boolean grew = true;
      while (grew) {
        grew = false;
        for (ForeignKeyInfo key : foreignKeys) {
          if (wholeBecause.containsKey(key.referencedTable()) && changedKeys.containsKey(key.table())) {
            changedKeys.remove(key.table());
            wholeBecause.put(key.table(), "it refers to " + key.referencedTable() + ", which is copied whole");
            grew = true;
          }
        }
      }
      String what = frozen ? "final refresh while frozen" : "refresh";
      wholeBecause.forEach((table, why) -> log.info("{} copies {} whole: {}", what, table, why));
      changedKeys.forEach((table, keys) -> log.info("{}: {} changed keys of {} to apply", what, keys.size(), table));
    }

    /** Production's changed keys of a source table: read once, though each part of a split table wants them. */
    private Set<List<String>> changedInProduction(String sourceTable, List<String> keyColumns) throws SQLException {
      Set<List<String>> keys = productionKeys.get(sourceTable);
      if (keys == null) {
        keys = PostgresChangeCapture.changedKeys(snapshot.coordinator(), sourceTable, keyColumns, applied);
        productionKeys.put(sourceTable, keys);
      }
      return keys;
    }

    private List<TableCopied> apply() throws SQLException {
      List<String> parentsFirst = ForeignKeyOrder.parentsFirst(tables.stream().map(t -> t.plan().name()).toList(),
          foreignKeys);
      Map<String, PostgresCopyStatements> byName = tables.stream()
          .collect(Collectors.toMap(t -> t.plan().name(), t -> t));
      List<String[]> whole = tables.stream().filter(t -> wholeBecause.containsKey(t.plan().name()))
          .map(t -> new String[] {t.target().schema(), t.target().table()}).toList();
      run.progress().step(OPERATION + ": applying changes");
      if (!whole.isEmpty()) {
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.truncate(whole));
      }
      List<String> childrenFirst = new ArrayList<>(parentsFirst);
      Collections.reverse(childrenFirst);
      List<String> byKeys = childrenFirst.stream().filter(changedKeys::containsKey).toList();
      // Children first, as the deletes below want them.
      rowStager = PostgresRowStager.start(snapshot, run.job().pilot().dataSource(), byKeys.stream()
          .map(name -> new PostgresRowStager.Table(byName.get(name), List.copyOf(changedKeys.get(name)), rowsTable(name)))
          .toList(), KEYS_PER_STATEMENT);
      for (String name : byKeys) {
        stageKeys(byName.get(name));
      }
      Map<String, Transfer> staged = new HashMap<>();
      for (String name : byKeys) {
        staged.put(name, rowStager.await(name));
        PostgresCopyJdbc.execute(pilot, new PostgresIncrementalSql(byName.get(name).plan()).deleteGone(rowsTable(name)));
      }
      Map<String, TableCopied> copied = new HashMap<>();
      for (String name : parentsFirst) {
        PostgresCopyStatements table = byName.get(name);
        if (wholeBecause.containsKey(name)) {
          Transfer all = PostgresCopyStream.transfer(snapshot.coordinator(), pilot, table.copyOut(KeyRange.ALL),
              table.copyIn(table.target()));
          run.job().metrics().copied(run.operation(), name, all.rows(), all.bytes());
          copied.put(name, new TableCopied(name, all.rows(), all.bytes(), 0));
        } else {
          PostgresCopyJdbc.execute(pilot, new PostgresIncrementalSql(table.plan()).upsert(rowsTable(name)));
          Transfer rows = staged.get(name);
          run.job().metrics().copied(run.operation(), name, rows.rows(), rows.bytes());
          copied.put(name, new TableCopied(name, rows.rows(), rows.bytes(), 0));
        }
        run.progress().chunk(name, copied.get(name).rows(), copied.get(name).bytes());
      }
      return tables.stream().map(t -> copied.get(t.plan().name())).toList();
    }

    /** The changed keys into their table in the pilot: the deletes, the key check and the post-switch check join it. */
    private void stageKeys(PostgresCopyStatements table) throws SQLException {
      PostgresIncrementalSql sql = new PostgresIncrementalSql(table.plan());
      PostgresCopyJdbc.execute(pilot, sql.createKeys());
      CopyIn in = pilot.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.copyInKeys());
      try {
        for (List<String> key : changedKeys.get(table.plan().name())) {
          byte[] line = CopyText.line(key);
          in.writeToCopy(line, 0, line.length);
        }
        in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
      }
      PostgresKeyLookups.analyze(pilot, PostgresIncrementalSql.KEYS_SCHEMA, sql.keysTable());
    }

    /**
     * Tables copied whole, and every table outside the freeze, are compared whole against the read
     * point; while frozen, a table applied by key is compared on its changed keys.
     */
    private VerificationReport verify() throws SQLException {
      List<TableCheck> checks = new ArrayList<>();
      for (PostgresCopyStatements table : tables) {
        TablePlan plan = table.plan();
        boolean byKeys = changedKeys.containsKey(plan.name());
        TableCheck check;
        if (byKeys && frozen) {
          check = keyCheck(table);
        } else {
          TableSum expected = PostgresChecksums.sum(snapshot.coordinator(), table.sourceSum());
          TableSum actual = PostgresChecksums.sum(pilot, table.destinationSum(table.target()));
          check = Verification.check(plan, expected, actual);
        }
        if (byKeys && !frozen && !check.matches()) {
          missedByCapture.put(plan.name(), "it did not match production after its changed keys were applied"
              + " (a write the capture missed)");
        }
        checks.add(check);
      }
      return new VerificationReport(checks);
    }

    /** Production's rows of the changed keys (summed on the side meanwhile) against the pilot's rows of them. */
    private TableCheck keyCheck(PostgresCopyStatements table) throws SQLException {
      TableSum actual = PostgresChecksums.sum(pilot, new PostgresIncrementalSql(table.plan()).sumOfKeys(table.checksum()));
      TableCheck whole = Verification.check(table.plan(), productionSums.of(table.plan().name()), actual);
      return whole.ofKeysIn(PostgresIncrementalSql.KEYS_SCHEMA + "." + table.plan().name(),
          table.plan().key().stream().map(KeyColumn::target).toList());
    }

    /** Deferred constraints checked, sequences past the new ids, the logs caught up: all in the transaction. */
    private void finish() throws SQLException {
      try (Statement s = pilot.createStatement()) {
        s.execute("SET CONSTRAINTS ALL IMMEDIATE");
      }
      for (PostgresCopyStatements table : tables) {
        PostgresCopySequences.advance(pilot, table.plan().target());
      }
      PostgresCopyJdbc.execute(pilot, PostgresIncrementalSql.dropRowsSchema());
      PostgresChangeCapture.forgetAll(pilot);
      PostgresChangeCapture.recordApplied(pilot, readPoint);
      if (!frozen) {
        PostgresCopyJdbc.execute(pilot, PostgresIncrementalSql.dropKeysSchema());
      }
    }

    private List<TableRefresh> summary() {
      return tables.stream().map(t -> t.plan().name())
          .map(name -> new TableRefresh(name, changedKeys.getOrDefault(name, Set.of()).size(), wholeBecause.get(name)))
          .toList();
    }
  }

  /** Why a table must be copied whole whatever changed, or null when its capture can be trusted. */
  static String wholeReason(TablePlan plan, TableState source, TableState target) {
    if (!source.trusted()) {
      return source.untrustedBecause();
    }
    if (!target.trusted()) {
      return target.untrustedBecause();
    }
    if (!keyIsProductionsKey(plan, source.keyColumns())) {
      return "its key in the pilot is not a plain copy of production's primary key of " + plan.source().name();
    }
    return null;
  }

  /** From this many changed keys on, a whole copy of the table is quicker than applying them one by one. */
  static long wholeCopyAt(TablePlan plan) {
    return Math.max(WHOLE_COPY_MIN_KEYS, (long) (plan.source().estimatedRows() * WHOLE_COPY_SHARE));
  }

  static String tooManyKeys(long keys) {
    return keys + " changed keys: a whole copy is quicker";
  }

  /** Whether the target's key columns are exactly production's primary key, so a logged key names one row. */
  private static boolean keyIsProductionsKey(TablePlan plan, List<String> productionKey) {
    if (!plan.chunked() || plan.key().size() != productionKey.size()) {
      return false;
    }
    Set<String> sources = new HashSet<>();
    plan.key().forEach(k -> sources.add(k.source()));
    return sources.equals(new HashSet<>(productionKey));
  }

  private static List<String> inTargetOrder(TablePlan plan, List<String> productionKey, List<String> values) {
    List<String> ordered = new ArrayList<>(plan.key().size());
    for (KeyColumn column : plan.key()) {
      ordered.add(values.get(productionKey.indexOf(column.source())));
    }
    return ordered;
  }

}
