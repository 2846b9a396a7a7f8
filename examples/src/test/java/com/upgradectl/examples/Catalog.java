package com.upgradectl.examples;

import com.upgradectl.pkg.schema.ColumnShape;
import com.upgradectl.pkg.schema.TableShape;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a test database's public schema holds, read from PostgreSQL's catalog. */
final class Catalog {
  private Catalog() {}

  static List<TableShape> tables(Connection conn) throws SQLException {
    Map<String, List<ColumnShape>> columns = new LinkedHashMap<>();
    try (Statement statement = conn.createStatement();
        ResultSet rows = statement.executeQuery("""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
                   a.atthasdef OR a.attidentity <> '', a.attgenerated <> ''
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """)) {
      while (rows.next()) {
        columns.computeIfAbsent(rows.getString(1), table -> new ArrayList<>())
            .add(new ColumnShape(rows.getString(2), rows.getString(3), rows.getBoolean(4), rows.getBoolean(5), rows.getBoolean(6)));
      }
    }
    List<TableShape> tables = new ArrayList<>();
    columns.forEach((table, tableColumns) -> tables.add(new TableShape(table, tableColumns)));
    return tables;
  }

  /** Every column with its type, nullability, default, identity and generation, sorted. */
  static List<String> columns(Connection conn) throws SQLException {
    return lines(conn, """
        SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
               || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
               || CASE a.attidentity WHEN 'd' THEN ' IDENTITY BY DEFAULT' WHEN 'a' THEN ' IDENTITY ALWAYS' ELSE '' END
               || CASE WHEN a.attgenerated <> '' THEN ' GENERATED' ELSE '' END
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY 1
        """);
  }

  /** Every constraint (keys, foreign keys, checks) by table, name and definition, sorted. */
  static List<String> constraints(Connection conn) throws SQLException {
    return lines(conn, """
        SELECT cl.relname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
        FROM pg_constraint co
        JOIN pg_class cl ON cl.oid = co.conrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = 'public'
        ORDER BY 1
        """);
  }

  static List<String> indexes(Connection conn) throws SQLException {
    return lines(conn, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1");
  }

  static List<String> sequences(Connection conn) throws SQLException {
    return lines(conn, "SELECT sequencename || ' ' || data_type FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1");
  }

  static List<String> lines(Connection conn, String sql) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement statement = conn.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        lines.add(rows.getString(1));
      }
    }
    return lines;
  }
}
