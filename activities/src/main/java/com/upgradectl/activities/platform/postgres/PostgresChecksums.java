package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.TableSum;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs the count-and-checksum statements of {@link PostgresCopySql#sum}. */
final class PostgresChecksums {
  private PostgresChecksums() {}

  static TableSum sum(Connection c, String sumStatement) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sumStatement)) {
      rs.next();
      return new TableSum(rs.getLong(1), rs.getString(2));
    }
  }

  /** A table's given columns, wherever it lives now (e.g. the pilot after it became production). */
  static TableSum sumOfColumns(Connection c, String schema, String table, List<String> columns,
      PostgresRowChecksum checksum) throws SQLException {
    return sum(c, PostgresCopySql.sum(PostgresCopySql.name(schema, table), columns, checksum));
  }
}
