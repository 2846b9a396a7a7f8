package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Running the copier's statements (their text comes from {@link PostgresCopySql} and {@link PostgresCopyStatements}). */
final class PostgresCopyJdbc {
  private PostgresCopyJdbc() {}

  static long count(Connection c, String countStatement) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(countStatement)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void execute(Connection c, String statement) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
