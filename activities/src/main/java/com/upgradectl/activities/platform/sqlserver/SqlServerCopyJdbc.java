package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Query;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Running the copier's statements (their text comes from {@link SqlServerCopyStatements}). */
final class SqlServerCopyJdbc {
  private SqlServerCopyJdbc() {}

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

  static PreparedStatement prepare(Connection c, Query query) throws SQLException {
    PreparedStatement s = c.prepareStatement(query.sql());
    try {
      for (int i = 0; i < query.parameters().size(); i++) {
        s.setObject(i + 1, query.parameters().get(i));
      }
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The first row's values as JDBC returns them, or null when there is no row. */
  static List<Object> firstRow(Connection c, Query query) throws SQLException {
    try (PreparedStatement s = prepare(c, query); ResultSet rs = s.executeQuery()) {
      return rs.next() ? values(rs) : null;
    }
  }

  static List<Object> firstRow(Connection c, String query) throws SQLException {
    return firstRow(c, Query.of(query));
  }

  private static List<Object> values(ResultSet rs) throws SQLException {
    List<Object> values = new ArrayList<>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      values.add(rs.getObject(i));
    }
    return values;
  }
}
