package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One consistent read point of production, shared by any number of readers: a coordinator
 * transaction exports its snapshot and stays open until {@link #close()}; each reader's transaction
 * adopts it. Every transaction is REPEATABLE READ and READ ONLY: production is never written.
 */
final class PostgresCopySnapshot implements AutoCloseable {
  /** What pg_export_snapshot returns: hexadecimal transaction ids and a counter. */
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+");

  private final DataSource production;
  private final Connection coordinator;
  private final String id;

  private PostgresCopySnapshot(DataSource production, Connection coordinator, String id) {
    this.production = production;
    this.coordinator = coordinator;
    this.id = id;
  }

  static PostgresCopySnapshot open(DataSource production) throws SQLException {
    Connection coordinator = production.getConnection();
    try {
      beginReadOnly(coordinator);
      try (Statement s = coordinator.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
        rs.next();
        String id = rs.getString(1);
        if (!SNAPSHOT_ID.matcher(id).matches()) {
          throw new SQLException("unexpected snapshot id from pg_export_snapshot: " + id);
        }
        return new PostgresCopySnapshot(production, coordinator, id);
      }
    } catch (SQLException | RuntimeException e) {
      closeQuietly(coordinator, e);
      throw e;
    }
  }

  /** The exporting transaction: reads production at the read point too. */
  Connection coordinator() {
    return coordinator;
  }

  String id() {
    return id;
  }

  /** A new connection to production whose transaction sees exactly the read point. */
  Connection openReader() throws SQLException {
    Connection reader = production.getConnection();
    try {
      beginReadOnly(reader);
      try (Statement s = reader.createStatement()) {
        s.execute(PostgresCopySql.joinSnapshot(id));
      }
      return reader;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(reader, e);
      throw e;
    }
  }

  /**
   * Through the JDBC API rather than a BEGIN statement, so that a pool knows the connection's state
   * and resets it when the connection comes back.
   */
  private static void beginReadOnly(Connection c) throws SQLException {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
  }

  static void end(Connection c) throws SQLException {
    try {
      c.rollback();
    } finally {
      c.close();
    }
  }

  private static void closeQuietly(Connection c, Throwable failure) {
    try {
      end(c);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void close() throws SQLException {
    end(coordinator);
  }
}
