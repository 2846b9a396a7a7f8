package com.upgradectl.cli;

import com.upgradectl.activities.platform.postgres.PostgresIdentifiers;
import com.upgradectl.worker.dev.DevEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's own look at the databases, outside the workflow: what it reports and what it checks
 * independently. The CLI proper never connects to a database; the demo hosts the whole stack.
 */
final class DemoDatabase {
  private final DevEnvironment env;

  DemoDatabase(DevEnvironment env) {
    this.env = env;
  }

  /** Row count per table, in the given order. */
  Map<String, Long> rowCounts(String database, List<String> tables) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = env.connect(database); Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + PostgresIdentifiers.INSTANCE.quote(table))) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  /** Bytes on disk of the given tables, indexes included. */
  long bytes(String database, List<String> tables) throws SQLException {
    long total = 0;
    try (Connection c = env.connect(database);
        PreparedStatement s = c.prepareStatement("SELECT pg_total_relation_size(to_regclass(?))")) {
      for (String table : tables) {
        s.setString(1, PostgresIdentifiers.INSTANCE.quote(table));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          total += rs.getLong(1);
        }
      }
    }
    return total;
  }

  String schemaVersion(String database) throws SQLException {
    try (Connection c = env.connect(database); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  boolean tableExists(String database, String table) throws SQLException {
    try (Connection c = env.connect(database);
        PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, PostgresIdentifiers.INSTANCE.quote(table));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Whether the server has a database of that name (asked of the maintenance database). */
  boolean databaseExists(String database) throws SQLException {
    try (Connection c = env.connect("postgres");
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Offline: the server refuses every connection to it, ours included. */
  boolean refusesConnections(String database) {
    try (Connection ignored = env.connect(database)) {
      return false;
    } catch (SQLException expected) {
      return true;
    }
  }
}
