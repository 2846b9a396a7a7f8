package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One lane of a parallel copy: a reader in production's read point and a connection to the pilot
 * whose statements (each COPY chunk) commit one by one.
 */
record PostgresCopyLane(Connection reader, Connection pilot) implements AutoCloseable {

  static PostgresCopyLane open(PostgresCopySnapshot snapshot, DataSource pilot) throws SQLException {
    Connection reader = snapshot.openReader();
    try {
      Connection writer = pilot.getConnection();
      writer.setAutoCommit(true);
      return new PostgresCopyLane(reader, writer);
    } catch (SQLException | RuntimeException e) {
      try {
        PostgresCopySnapshot.end(reader);
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      PostgresCopySnapshot.end(reader);
    } finally {
      pilot.close();
    }
  }
}
