package com.upgradectl.activities.platform.sqlserver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The executor that talks to the server: parameters bound, ALTER/BACKUP/RESTORE in autocommit. */
final class JdbcTsqlExecutor implements TsqlExecutor {
  static final JdbcTsqlExecutor INSTANCE = new JdbcTsqlExecutor();

  private JdbcTsqlExecutor() {}

  @Override
  public void execute(Connection connection, Tsql statement) throws SQLException {
    if (statement.autocommit() && !connection.getAutoCommit()) {
      connection.setAutoCommit(true);
    }
    if (statement.parameters().isEmpty()) {
      // Sent as a plain batch, as sqlcmd would: CREATE VIEW/PROCEDURE must start their batch.
      try (Statement s = connection.createStatement()) {
        drain(s, s.execute(statement.text()));
      }
      return;
    }
    try (PreparedStatement s = prepare(connection, statement)) {
      drain(s, s.execute());
    }
  }

  /**
   * A batch may answer with several update counts and result sets; reads them all so that an error
   * raised after the first one is not lost.
   */
  private static void drain(Statement s, boolean result) throws SQLException {
    while (result || s.getUpdateCount() != -1) {
      result = s.getMoreResults();
    }
  }

  @Override
  public List<List<Object>> query(Connection connection, Tsql statement) throws SQLException {
    if (statement.parameters().isEmpty()) {
      // RESTORE FILELISTONLY and the like, as plain batches rather than prepared.
      try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(statement.text())) {
        return rows(rows);
      }
    }
    try (PreparedStatement s = prepare(connection, statement); ResultSet rows = s.executeQuery()) {
      return rows(rows);
    }
  }

  private static List<List<Object>> rows(ResultSet rows) throws SQLException {
    int columns = rows.getMetaData().getColumnCount();
    List<List<Object>> result = new ArrayList<>();
    while (rows.next()) {
      Object[] row = new Object[columns];
      for (int i = 0; i < columns; i++) {
        row[i] = rows.getObject(i + 1);
      }
      result.add(Arrays.asList(row));
    }
    return result;
  }

  private static PreparedStatement prepare(Connection connection, Tsql statement) throws SQLException {
    PreparedStatement s = connection.prepareStatement(statement.text());
    try {
      for (int i = 0; i < statement.parameters().size(); i++) {
        s.setObject(i + 1, statement.parameters().get(i));
      }
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }
}
