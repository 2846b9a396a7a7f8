package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.sqlserver.SqlServerChangeCapture.TableState;
import com.upgradectl.workflows.common.TableRefresh;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which data tables a refresh applies by key (and which keys), which it copies whole and why. The
 * rules are PostgreSQL's ({@code PostgresCopyIncremental}): a table whose record cannot vouch for it,
 * whose pilot key is not production's, or with more changed keys than a whole copy costs is copied
 * whole, and so is every data table referring to one copied whole.
 */
final class SqlServerRefreshDecision {
  /** A changed-key list this long or longer, relative to the table, makes a whole copy quicker. */
  static final double WHOLE_COPY_SHARE = 0.25;
  static final int WHOLE_COPY_MIN_KEYS = 10_000;

  private final List<SqlServerCopyStatements> tables;
  private final List<ForeignKeyInfo> foreignKeys;
  private final Map<String, String> wholeBecause = new LinkedHashMap<>();
  private final Map<String, Set<List<Object>>> changedKeys = new LinkedHashMap<>();

  SqlServerRefreshDecision(List<SqlServerCopyStatements> tables, List<ForeignKeyInfo> foreignKeys) {
    this.tables = tables;
    this.foreignKeys = foreignKeys;
  }

  /** The same decision with more tables made whole (an attempt whose verification found a missed write). */
  SqlServerRefreshDecision copy(Map<String, String> forcedWhole) {
    SqlServerRefreshDecision copy = new SqlServerRefreshDecision(tables, foreignKeys);
    copy.wholeBecause.putAll(wholeBecause);
    changedKeys.forEach((table, keys) -> copy.changedKeys.put(table, new LinkedHashSet<>(keys)));
    forcedWhole.forEach(copy::whole);
    return copy;
  }

  void whole(String table, String reason) {
    changedKeys.remove(table);
    wholeBecause.putIfAbsent(table, reason);
  }

  void keys(String table, Collection<List<Object>> keys) {
    if (!wholeBecause.containsKey(table)) {
      changedKeys.computeIfAbsent(table, t -> new LinkedHashSet<>()).addAll(keys);
    }
  }

  List<ForeignKeyInfo> foreignKeys() {
    return foreignKeys;
  }

  /** Why the table is copied whole, or null when it is applied by key. */
  String wholeBecause(String table) {
    return wholeBecause.get(table);
  }

  boolean isWhole(String table) {
    return wholeBecause.containsKey(table);
  }

  boolean byKeys(String table) {
    return changedKeys.containsKey(table);
  }

  Set<List<Object>> keysOf(String table) {
    return changedKeys.getOrDefault(table, Set.of());
  }

  /** A table referring to one copied whole is copied whole too: its rows' parents are all replaced. */
  void spreadToChildren() {
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ForeignKeyInfo key : foreignKeys) {
        if (wholeBecause.containsKey(key.referencedTable()) && changedKeys.containsKey(key.table())) {
          whole(key.table(), "it refers to " + key.referencedTable() + ", which is copied whole");
          grew = true;
        }
      }
    }
  }

  List<TableRefresh> summary() {
    return tables.stream().map(t -> t.plan().name())
        .map(name -> new TableRefresh(name, keysOf(name).size(), wholeBecause.get(name)))
        .toList();
  }

  /** Why production's side makes a table copied whole, or null when its record can be trusted. */
  static String wholeReason(TablePlan plan, TableState production) {
    if (!production.trusted()) {
      return production.untrustedBecause();
    }
    if (!keyIsProductionsKey(plan, production.keyColumns())) {
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

  /** Production's keys (values in its primary key's order) in the order of the plan's key. */
  static List<List<Object>> inTargetOrder(TablePlan plan, List<String> productionKey, Collection<List<Object>> keys) {
    List<List<Object>> ordered = new ArrayList<>(keys.size());
    for (List<Object> values : keys) {
      List<Object> key = new ArrayList<>(plan.key().size());
      for (KeyColumn column : plan.key()) {
        key.add(values.get(productionKey.indexOf(column.source())));
      }
      ordered.add(key);
    }
    return ordered;
  }

  /** Whether the target's key columns are exactly production's primary key, so a changed key names one row. */
  private static boolean keyIsProductionsKey(TablePlan plan, List<String> productionKey) {
    if (!plan.chunked() || plan.key().size() != productionKey.size()) {
      return false;
    }
    Set<String> sources = new HashSet<>();
    plan.key().forEach(k -> sources.add(k.source()));
    return sources.equals(new HashSet<>(productionKey));
  }
}
