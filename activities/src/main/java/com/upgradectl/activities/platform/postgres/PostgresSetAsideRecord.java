package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pilot's own record of what an import took off it ({@link PostgresCopySql#PENDING_CONSTRAINTS}):
 * written in the transaction that takes each object off, so no crash can lose one.
 */
final class PostgresSetAsideRecord {
  private PostgresSetAsideRecord() {}

  static void add(Connection pilot, String schema, PostgresSetAside aside) throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement(PostgresCopySql.recordPendingConstraint(schema))) {
      s.setString(1, aside.schema());
      s.setString(2, aside.table());
      s.setString(3, aside.name());
      s.setString(4, aside.definition());
      s.setString(5, aside.kind().recorded);
      s.setArray(6, pilot.createArrayOf("text", aside.keyColumns().toArray()));
      s.setString(7, aside.comment());
      s.executeUpdate();
    }
  }

  static List<PostgresSetAside> all(Connection pilot, String schema) throws SQLException {
    List<PostgresSetAside> recorded = new ArrayList<>();
    try (PreparedStatement s = pilot.prepareStatement(PostgresCopySql.pendingConstraints(schema));
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        recorded.add(new PostgresSetAside(rs.getString(1), rs.getString(2), rs.getString(3),
            PostgresSetAside.Kind.ofRecorded(rs.getString(5)), rs.getString(4),
            List.of((String[]) rs.getArray(6).getArray()), rs.getString(7)));
      }
    }
    return recorded;
  }

  static void forget(Connection pilot, String schema, PostgresSetAside aside) throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement(PostgresCopySql.forgetPendingConstraint(schema))) {
      s.setString(1, aside.schema());
      s.setString(2, aside.table());
      s.setString(3, aside.name());
      s.executeUpdate();
    }
  }

  /** The longest builds start first, so that no lane is left with a large one at the end. */
  static List<PostgresSetAside> largestTablesFirst(Connection pilot, List<PostgresSetAside> objects)
      throws SQLException {
    Map<String, Long> sizes = new HashMap<>();
    try (PreparedStatement s = pilot.prepareStatement(
        "SELECT coalesce(pg_relation_size(to_regclass(?)), 0)")) {
      for (PostgresSetAside aside : objects) {
        String table = PostgresCopySql.name(aside.schema(), aside.table());
        if (!sizes.containsKey(table)) {
          s.setString(1, table);
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            sizes.put(table, rs.getLong(1));
          }
        }
      }
    }
    return objects.stream()
        .sorted(Comparator.comparingLong((PostgresSetAside a) -> sizes.get(PostgresCopySql.name(a.schema(), a.table())))
            .reversed())
        .toList();
  }
}
