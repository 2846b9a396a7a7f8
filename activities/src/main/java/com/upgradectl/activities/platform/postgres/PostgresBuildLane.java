package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A connection to the pilot that builds indexes and constraints after a load. Its session sorts in
 * more memory than the server's default allows (an index built from one sort instead of many merges),
 * and — where the server can (PostgreSQL 14 on) — it checks now and then that the worker is still
 * there: a build orphaned by a killed worker would otherwise run on to its end, holding its table's
 * lock against the retry.
 */
record PostgresBuildLane(Connection pilot, boolean checksConnection) implements AutoCloseable {
  /** In kB, as the server counts it: 256 MB, unless the server is already set higher. */
  static final long SORT_MEMORY_KB = 256L * 1024;
  private static final int CONNECTION_CHECK_VERSION = 14;

  static PostgresBuildLane open(DataSource pilot) throws SQLException {
    Connection c = pilot.getConnection();
    try {
      c.setAutoCommit(true);
      if (currentSortMemoryKb(c) < SORT_MEMORY_KB) {
        PostgresCopyJdbc.execute(c, "SET maintenance_work_mem = '" + SORT_MEMORY_KB + "kB'");
      }
      boolean checksConnection = c.getMetaData().getDatabaseMajorVersion() >= CONNECTION_CHECK_VERSION;
      if (checksConnection) {
        PostgresCopyJdbc.execute(c, "SET client_connection_check_interval = '1s'");
      }
      return new PostgresBuildLane(c, checksConnection);
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static long currentSortMemoryKb(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT CAST(setting AS bigint) FROM pg_settings WHERE name = 'maintenance_work_mem'");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** The session goes back to the pool as it came. */
  @Override
  public void close() throws SQLException {
    try {
      if (!pilot.getAutoCommit()) {
        pilot.rollback();
        pilot.setAutoCommit(true);
      }
      PostgresCopyJdbc.execute(pilot, "RESET maintenance_work_mem");
      if (checksConnection) {
        PostgresCopyJdbc.execute(pilot, "RESET client_connection_check_interval");
      }
    } finally {
      pilot.close();
    }
  }
}
