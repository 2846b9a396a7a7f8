package com.upgradectl.activities.platform.sqlserver;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One lane of a parallel copy: a reader at production's read point and a connection to the pilot
 * whose chunks commit one by one (auto-commit off: the lane commits after each chunk).
 */
record SqlServerCopyLane(SqlServerSnapshotReadPoint readPoint, Connection reader, Connection pilot)
    implements AutoCloseable {

  static SqlServerCopyLane open(SqlServerSnapshotReadPoint readPoint, DataSource pilot) throws SQLException {
    Connection reader = readPoint.reader();
    try {
      Connection writer = pilot.getConnection();
      writer.setAutoCommit(false);
      return new SqlServerCopyLane(readPoint, reader, writer);
    } catch (SQLException | RuntimeException e) {
      try {
        readPoint.release(reader);
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      readPoint.release(reader);
    } finally {
      try {
        pilot.rollback();
      } finally {
        pilot.close();
      }
    }
  }
}
