package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What lets a refresh by changed keys cost in proportion to the keys, not to the tables: the planner
 * must reach each key's row through the primary key's index.
 */
final class PostgresKeyLookups {
  private PostgresKeyLookups() {}

  /**
   * For the rest of the caller's transaction, prices a random page read close to a sequential one.
   * With the default (4) the planner prefers one scan of a 5M-row table to 50,000 index probes,
   * which takes ten times as long when the table is in memory or on SSD, as production's hot tables
   * are. A whole-table read (checksums, whole copies) is planned as a scan either way.
   */
  static void preferIndexProbes(Connection c) throws SQLException {
    PostgresCopyJdbc.execute(c, "SET LOCAL random_page_cost = 1.1");
  }

  /** Statistics for a table just filled in this transaction, so that joins against it are planned by its size. */
  static void analyze(Connection c, String schema, String table) throws SQLException {
    PostgresCopyJdbc.execute(c, "ANALYZE " + PostgresCopySql.name(schema, table));
  }
}
