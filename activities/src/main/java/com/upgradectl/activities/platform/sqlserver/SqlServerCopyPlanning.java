package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.copy.TablePlans;
import com.upgradectl.pkg.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/** Reads both catalogs and turns the package's tables into the statements that copy and check them. */
final class SqlServerCopyPlanning {
  private SqlServerCopyPlanning() {}

  /**
   * @param production a plain connection to production (its catalog; a snapshot has the same)
   * @param sourceDatabase the database snapshot rows are read from, or null (SNAPSHOT isolation)
   * @return one entry per table, largest source first (so the longest copy starts first)
   * @throws com.upgradectl.activities.copy.MappingException listing every mismatch between the package
   *     and the two schemas
   */
  static List<SqlServerCopyStatements> plan(Connection production, Connection pilot, List<TableSpec> tables,
      String sourceDatabase) throws SQLException {
    List<TableInfo> sourceTables = SqlServerCopyCatalog.tables(production);
    List<TableInfo> targetTables = SqlServerCopyCatalog.tables(pilot);
    List<TablePlan> plans = TablePlans.build(tables, targetTables, sourceTables);
    return plans.stream()
        .sorted(Comparator.comparingLong((TablePlan p) -> p.source().estimatedRows()).reversed())
        .map(p -> new SqlServerCopyStatements(p, sourceDatabase))
        .toList();
  }
}
