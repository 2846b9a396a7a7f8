package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.ColumnInfo;
import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the copier needs to know of a database's tables, read from SQL Server's sys views with bound
 * parameters. Tables are those of the connection's default schema (SCHEMA_NAME(), dbo unless the
 * login's user says otherwise).
 */
final class SqlServerCopyCatalog {
  private SqlServerCopyCatalog() {}

  /** A constraint, trigger or index of a table, by name. */
  record TableObject(String schema, String table, String name) {}

  static List<TableInfo> tables(Connection c) throws SQLException {
    Map<Long, String[]> names = new LinkedHashMap<>();
    Map<Long, Long> estimates = new HashMap<>();
    Map<Long, Long> storedBytes = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.tables()); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        names.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
        estimates.put(rs.getLong(1), rs.getLong(4));
        storedBytes.put(rs.getLong(1), rs.getLong(5));
      }
    }
    Map<Long, List<ColumnInfo>> columns = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.columns()); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String type = SqlServerCopyStatements.typeName(rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getInt(6));
        // A rowversion is written by the server, like a computed column: a copy never gives it a value.
        boolean generated = rs.getBoolean(9) || rs.getBoolean(11);
        columns.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ColumnInfo(
            rs.getString(2), type, !rs.getBoolean(7), rs.getBoolean(8) || rs.getBoolean(11), generated, rs.getBoolean(10)));
      }
    }
    Map<Long, List<String>> primaryKeys = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.primaryKeys()); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        primaryKeys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    List<TableInfo> tables = new ArrayList<>();
    names.forEach((id, name) -> tables.add(new TableInfo(name[0], name[1], id,
        List.copyOf(columns.getOrDefault(id, List.of())), List.copyOf(primaryKeys.getOrDefault(id, List.of())),
        estimates.get(id), storedBytes.get(id))));
    return tables;
  }

  /** Foreign keys from or to any of the tables. */
  static List<ForeignKeyInfo> foreignKeysTouching(Connection c, Collection<TableInfo> tables) throws SQLException {
    if (tables.isEmpty()) {
      return List.of();
    }
    List<ForeignKeyInfo> keys = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.foreignKeysTouching(tables.size()))) {
      bindIdsTwice(s, tables);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          // No definition: nothing on SQL Server re-creates a foreign key (the import disables and enables it).
          keys.add(new ForeignKeyInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              null));
        }
      }
    }
    return keys;
  }

  static List<TableObject> enabledConstraints(Connection c, Collection<TableInfo> tables) throws SQLException {
    return objects(c, SqlServerCopyStatements.enabledConstraints(tables.size()), tables);
  }

  /** The nonclustered indexes an import disables during its load (see {@link SqlServerCopyStatements#loadIndexes}). */
  static List<TableObject> loadIndexes(Connection c, Collection<TableInfo> tables) throws SQLException {
    return objects(c, SqlServerCopyStatements.loadIndexes(tables.size()), tables);
  }

  static List<TableObject> enabledTriggers(Connection c, Collection<TableInfo> tables) throws SQLException {
    return objects(c, SqlServerCopyStatements.enabledTriggers(tables.size()), tables);
  }

  /** "table.constraint" of every enabled constraint the optimizer does not trust. */
  static List<String> untrustedConstraints(Connection c, Collection<TableInfo> tables) throws SQLException {
    if (tables.isEmpty()) {
      return List.of();
    }
    List<String> untrusted = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.untrustedConstraints(tables.size()))) {
      bindIds(s, tables, 1);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          untrusted.add(rs.getString(1) + "." + rs.getString(2));
        }
      }
    }
    return untrusted;
  }

  static String defaultSchema(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.defaultSchema()); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  static boolean tableExists(Connection c, String schema, String table) throws SQLException {
    return exists(c, SqlServerCopyStatements.tableExists(), schema, table);
  }

  static boolean hasIdentity(Connection c, String schema, String table) throws SQLException {
    return exists(c, SqlServerCopyStatements.hasIdentity(), schema, table);
  }

  /** The destination's clustered index columns in key order; empty for a heap. */
  static List<SqlServerOrderHint.ClusteredColumn> clusteredKey(Connection c, SqlServerCopyStatements.Destination destination)
      throws SQLException {
    List<SqlServerOrderHint.ClusteredColumn> key = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.clusteredKey())) {
      s.setString(1, destination.schema());
      s.setString(2, destination.table());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          key.add(new SqlServerOrderHint.ClusteredColumn(rs.getString(1), rs.getBoolean(2)));
        }
      }
    }
    return key;
  }

  /** "column type" of each column of a table, in order; empty when there is no such table. */
  static List<String> columnSignature(Connection c, String schema, String table) throws SQLException {
    List<String> signature = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.columnSignature())) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          signature.add(rs.getString(1) + " "
              + SqlServerCopyStatements.typeName(rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
        }
      }
    }
    return signature;
  }

  private static boolean exists(Connection c, String query, String schema, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(query)) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static List<TableObject> objects(Connection c, String query, Collection<TableInfo> tables) throws SQLException {
    if (tables.isEmpty()) {
      return List.of();
    }
    List<TableObject> objects = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(query)) {
      bindIds(s, tables, 1);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          objects.add(new TableObject(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return objects;
  }

  private static void bindIdsTwice(PreparedStatement s, Collection<TableInfo> tables) throws SQLException {
    int next = bindIds(s, tables, 1);
    bindIds(s, tables, next);
  }

  private static int bindIds(PreparedStatement s, Collection<TableInfo> tables, int first) throws SQLException {
    int index = first;
    for (TableInfo table : tables) {
      s.setLong(index++, table.id());
    }
    return index;
  }
}
