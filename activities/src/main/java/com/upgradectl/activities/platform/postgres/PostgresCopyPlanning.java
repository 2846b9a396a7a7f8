package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.copy.TablePlans;
import com.upgradectl.pkg.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Reads both catalogs and turns the package's tables into the statements that copy and check them. */
final class PostgresCopyPlanning {
  private PostgresCopyPlanning() {}

  /**
   * @param production a connection reading production (at the read point, when there is one)
   * @return one entry per table, largest source first (so the longest copy starts first)
   * @throws com.upgradectl.activities.copy.MappingException listing every mismatch between the package
   *     and the two schemas
   */
  static List<PostgresCopyStatements> plan(Connection production, Connection pilot, List<TableSpec> tables)
      throws SQLException {
    return plan(production, pilot, tables, false);
  }

  /**
   * @param binaryAllowed whether tables whose every column has a built-in type known to both sides
   *     are moved in COPY's binary format
   */
  static List<PostgresCopyStatements> plan(Connection production, Connection pilot, List<TableSpec> tables,
      boolean binaryAllowed) throws SQLException {
    List<TableInfo> sourceTables = PostgresCatalog.tables(production);
    List<TableInfo> targetTables = PostgresCatalog.tables(pilot);
    List<TablePlan> plans = TablePlans.build(tables, targetTables, sourceTables);
    List<String> targetTypes = plans.stream().flatMap(p -> p.columns().stream()).map(MappedColumn::targetType).toList();
    Set<String> unknown = PostgresCatalog.unknownTypes(production, targetTypes);
    Set<String> builtin = binaryAllowed ? PostgresCatalog.builtinTypes(pilot, targetTypes) : Set.of();
    RowHashing hashing = RowHashing.read(production, pilot, targetTypes);
    return plans.stream()
        .sorted(Comparator.comparingLong((TablePlan p) -> p.source().estimatedRows()).reversed())
        .map(p -> new PostgresCopyStatements(p, unknown, binaryAllowed && p.columns().stream()
            .allMatch(c -> builtin.contains(c.targetType()) && !unknown.contains(c.targetType())),
            hashing.checksumOf(p, unknown)))
        .toList();
  }

  /** What decides whether a table's rows are summed by the server's row hash or by md5 of their text. */
  private record RowHashing(boolean bothServersHash, Set<String> hashableTypes, Set<String> nondeterministic) {
    /** Row hashing needs PostgreSQL 14 on both sides. */
    static final int FIRST_VERSION = 14;

    static RowHashing read(Connection production, Connection pilot, List<String> targetTypes) throws SQLException {
      boolean both = production.getMetaData().getDatabaseMajorVersion() >= FIRST_VERSION
          && pilot.getMetaData().getDatabaseMajorVersion() >= FIRST_VERSION;
      if (!both) {
        return new RowHashing(false, Set.of(), Set.of());
      }
      Set<String> nondeterministic = new java.util.HashSet<>(PostgresCatalog.tablesWithNondeterministicCollations(production));
      nondeterministic.addAll(PostgresCatalog.tablesWithNondeterministicCollations(pilot));
      return new RowHashing(true, PostgresCatalog.hashableTypes(pilot, targetTypes), nondeterministic);
    }

    PostgresRowChecksum checksumOf(TablePlan plan, Set<String> unknownToProduction) {
      boolean hashable = bothServersHash
          && plan.columns().stream().allMatch(c -> hashableTypes.contains(c.targetType())
              && !unknownToProduction.contains(c.targetType()))
          && !nondeterministic.contains(plan.source().schema() + "." + plan.source().name())
          && !nondeterministic.contains(plan.target().schema() + "." + plan.target().name());
      return hashable ? PostgresRowChecksum.ROW_HASH : PostgresRowChecksum.MD5;
    }
  }
}
