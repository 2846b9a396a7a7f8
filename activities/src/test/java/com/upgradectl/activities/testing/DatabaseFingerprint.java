package com.upgradectl.activities.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A database's whole public schema and every row, in a form that compares equal exactly when two
 * databases hold the same: tables, columns with type, nullability, default, identity and generation;
 * constraints; indexes; sequences; per table its row count and a checksum over every row. Column
 * order does not count (a migration appends columns, the schema scripts may declare them elsewhere):
 * each row is checksummed as a JSON object, whose keys PostgreSQL keeps sorted. Tool tables
 * (upgradectl_*) are left out.
 *
 * @param sequenceValues each sequence's last value and whether it was used: equal for a database and
 *     its restored self, not necessarily for the pilot path (which sets them from the copied rows)
 */
public record DatabaseFingerprint(
    List<String> columns,
    List<String> constraints,
    List<String> indexes,
    List<String> sequences,
    Map<String, String> rows,
    List<String> sequenceValues) {

  public static DatabaseFingerprint of(Connection c) throws SQLException {
    return new DatabaseFingerprint(
        lines(c, """
            SELECT cl.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                   || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
                   || CASE a.attidentity WHEN 'd' THEN ' IDENTITY BY DEFAULT' WHEN 'a' THEN ' IDENTITY ALWAYS' ELSE '' END
                   || CASE WHEN a.attgenerated <> '' THEN ' GENERATED' ELSE '' END
            FROM pg_attribute a
            JOIN pg_class cl ON cl.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = cl.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND cl.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
              AND cl.relname NOT LIKE 'upgradectl\\_%'
            ORDER BY 1
            """),
        lines(c, """
            SELECT cl.relname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
            FROM pg_constraint co
            JOIN pg_class cl ON cl.oid = co.conrelid
            JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE n.nspname = 'public' AND cl.relname NOT LIKE 'upgradectl\\_%'
            ORDER BY 1
            """),
        lines(c, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
            + " AND tablename NOT LIKE 'upgradectl\\_%' ORDER BY 1"),
        lines(c, "SELECT sequencename || ' ' || data_type || ' ' || increment_by || ' ' || min_value || ' '"
            + " || max_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"),
        rows(c),
        lines(c, "SELECT sequencename || ' ' || coalesce(last_value::text, 'unused') FROM pg_sequences"
            + " WHERE schemaname = 'public' ORDER BY 1"));
  }

  /** The schema and the rows, without the sequences' current values. */
  public DatabaseFingerprint withoutSequenceValues() {
    return new DatabaseFingerprint(columns, constraints, indexes, sequences, rows, List.of());
  }

  private static Map<String, String> rows(Connection c) throws SQLException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String table : lines(c, "SELECT quote_ident(table_name) FROM information_schema.tables"
        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'upgradectl\\_%'"
        + " ORDER BY table_name")) {
      rows.put(table, lines(c, "SELECT count(*) || ' rows, md5 ' || md5(coalesce(string_agg(r, E'\\n' ORDER BY r), ''))"
          + " FROM (SELECT to_jsonb(t)::text AS r FROM " + table + " t) rows").get(0));
    }
    return rows;
  }

  private static List<String> lines(Connection c, String sql) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    return lines;
  }
}
