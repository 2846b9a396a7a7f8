package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.literal;
import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;

import com.upgradectl.activities.platform.Failures;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import com.upgradectl.workflows.pilot.SwitchBackReport.RowChange;
import com.upgradectl.workflows.pilot.SwitchBackReport.TableChanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Records, by primary key, every write to a database's data-record tables from the switch on, for a
 * switch-back to list them: a row trigger per table appends (table, I/U/D, key) to a change log in
 * our own schema, and a statement trigger turns a TRUNCATE into one D per row. Starting costs a few
 * DDL statements whatever the tables' size; the price is one small insert per written row while the
 * grace period lasts. An update that changes a key is recorded as the old key deleted and the new one
 * inserted, so the net effect per key (first and last operation) is exact for inserts, updates and
 * deletes. The functions run as their owner (SECURITY DEFINER), so the application's roles need no
 * privilege on the log.
 */
final class PostgresChangeRecording {
  static final String SCHEMA = "upgradectl_switch_back";
  static final String LOG = "changes";
  /** One row: the log position when recording began, kept so that a retried start returns the first one. */
  static final String STATE = "recording";
  static final String ROW_TRIGGER = "upgradectl_switch_back_rows";
  static final String TRUNCATE_TRIGGER = "upgradectl_switch_back_truncate";
  private static final String ROW_FUNCTION = "record_row";
  private static final String TRUNCATE_FUNCTION = "record_truncate";

  private PostgresChangeRecording() {}

  /** Idempotent, in one transaction; returns the log position of the first start. */
  static String start(Connection c, List<String> tables) throws SQLException {
    c.setAutoCommit(false);
    try {
      List<TableKey> keys = new ArrayList<>();
      for (String table : tables) {
        keys.add(keyOf(c, table));
      }
      execute(c, "CREATE SCHEMA IF NOT EXISTS " + name(SCHEMA));
      execute(c, "REVOKE ALL ON SCHEMA " + name(SCHEMA) + " FROM PUBLIC");
      execute(c, "CREATE TABLE IF NOT EXISTS " + name(SCHEMA, LOG) + " ("
          + "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, table_name text NOT NULL,"
          + " operation char(1) NOT NULL CHECK (operation IN ('I', 'U', 'D')), row_key jsonb NOT NULL,"
          + " recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      execute(c, "CREATE INDEX IF NOT EXISTS changes_by_key ON " + name(SCHEMA, LOG) + " (table_name, row_key, id)");
      execute(c, "CREATE TABLE IF NOT EXISTS " + name(SCHEMA, STATE) + " (since bigint NOT NULL)");
      execute(c, rowFunction());
      execute(c, truncateFunction());
      for (TableKey key : keys) {
        String table = name(key.schema(), key.table());
        String arguments = key.columns().stream().map(PostgresCopySql::literal).collect(Collectors.joining(", "));
        execute(c, "DROP TRIGGER IF EXISTS " + name(ROW_TRIGGER) + " ON " + table);
        execute(c, "CREATE TRIGGER " + name(ROW_TRIGGER) + " AFTER INSERT OR UPDATE OR DELETE ON " + table
            + " FOR EACH ROW EXECUTE FUNCTION " + name(SCHEMA, ROW_FUNCTION) + "(" + arguments + ")");
        execute(c, "DROP TRIGGER IF EXISTS " + name(TRUNCATE_TRIGGER) + " ON " + table);
        execute(c, "CREATE TRIGGER " + name(TRUNCATE_TRIGGER) + " BEFORE TRUNCATE ON " + table
            + " FOR EACH STATEMENT EXECUTE FUNCTION " + name(SCHEMA, TRUNCATE_FUNCTION) + "(" + arguments + ")");
      }
      execute(c, "INSERT INTO " + name(SCHEMA, STATE) + " (since) SELECT coalesce(max(id), 0) FROM " + name(SCHEMA, LOG)
          + " WHERE NOT EXISTS (SELECT 1 FROM " + name(SCHEMA, STATE) + ")");
      String since = queryText(c, "SELECT since::text FROM " + name(SCHEMA, STATE));
      c.commit();
      return since;
    } finally {
      c.rollback();
    }
  }

  /** Whether recording was started and its triggers are on every one of {@code tables}. */
  static boolean isRecording(Connection c, List<String> tables) throws SQLException {
    if (queryText(c, "SELECT to_regclass(" + literal(name(SCHEMA, STATE)) + ")::text") == null) {
      return false;
    }
    for (String table : tables) {
      TableKey key = keyOf(c, table);
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid"
          + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = ? AND r.relname = ? AND t.tgname IN (?, ?)")) {
        s.setString(1, key.schema());
        s.setString(2, key.table());
        s.setString(3, ROW_TRIGGER);
        s.setString(4, TRUNCATE_TRIGGER);
        try (ResultSet rows = s.executeQuery()) {
          rows.next();
          if (rows.getInt(1) != 2) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Removes the triggers, the functions and the log. Idempotent. */
  static void stop(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try {
      List<String[]> triggers = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT t.tgname, n.nspname, r.relname FROM pg_trigger t"
          + " JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace WHERE t.tgname IN (?, ?)")) {
        s.setString(1, ROW_TRIGGER);
        s.setString(2, TRUNCATE_TRIGGER);
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            triggers.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
          }
        }
      }
      for (String[] trigger : triggers) {
        execute(c, "DROP TRIGGER IF EXISTS " + name(trigger[0]) + " ON " + name(trigger[1], trigger[2]));
      }
      execute(c, "DROP SCHEMA IF EXISTS " + name(SCHEMA) + " CASCADE");
      c.commit();
    } finally {
      c.rollback();
    }
  }

  /** Net changes per key of each table since {@code since}, in one repeatable-read view. */
  static List<TableChanges> changesSince(Connection c, List<String> tables, long since, int listLimit)
      throws SQLException {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      List<TableChanges> changes = new ArrayList<>();
      for (String table : tables) {
        changes.add(changesOf(c, keyOf(c, table), since, listLimit));
      }
      return changes;
    } finally {
      c.rollback();
    }
  }

  /** The full-listing query an operator can run in the kept database. */
  static String fullListing() {
    return "SELECT table_name, row_key, string_agg(operation, '' ORDER BY id) AS operations FROM "
        + name(SCHEMA, LOG) + " GROUP BY table_name, row_key ORDER BY table_name, row_key";
  }

  private static TableChanges changesOf(Connection c, TableKey key, long since, int listLimit) throws SQLException {
    String net = "SELECT row_key, CASE WHEN first_op = 'I' THEN 'INSERTED' WHEN last_op = 'D' THEN 'DELETED'"
        + " ELSE 'UPDATED' END AS kind FROM (SELECT row_key, (array_agg(operation ORDER BY id))[1] AS first_op,"
        + " (array_agg(operation ORDER BY id DESC))[1] AS last_op FROM " + name(SCHEMA, LOG)
        + " WHERE table_name = " + literal(key.table()) + " AND id > " + since + " GROUP BY row_key) AS ops"
        // inserted, then deleted again: nothing to enter
        + " WHERE NOT (first_op = 'I' AND last_op = 'D')";
    Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      counts.put(kind, 0L);
    }
    try (Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT kind, count(*) FROM (" + net + ") AS n GROUP BY kind")) {
      while (rows.next()) {
        counts.put(Kind.valueOf(rows.getString(1)), rows.getLong(2));
      }
    }
    String table = name(key.schema(), key.table());
    String joinOnKey = key.columns().stream().map(k -> "t." + name(k) + " = k." + name(k))
        .collect(Collectors.joining(" AND "));
    String keyValues = key.columns().stream().map(k -> "k." + name(k)).collect(Collectors.joining(", "));
    String listed = "SELECT n.kind, n.row_key::text, " + keyValues + ", t.* FROM (" + net + " ORDER BY kind, row_key LIMIT "
        + listLimit + ") AS n CROSS JOIN LATERAL jsonb_populate_record(NULL::" + table + ", n.row_key) AS k"
        + " LEFT JOIN " + table + " AS t ON " + joinOnKey + " ORDER BY n.kind, n.row_key";
    int firstColumn = 3 + key.columns().size();
    List<RowChange> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet result = s.executeQuery(listed)) {
      ResultSetMetaData meta = result.getMetaData();
      List<String> columns = new ArrayList<>();
      Set<String> numeric = new HashSet<>();
      for (int i = firstColumn; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnName(i));
        if (ReentryStatements.isNumber(meta.getColumnType(i))) {
          numeric.add(meta.getColumnName(i));
        }
      }
      while (result.next()) {
        Kind kind = Kind.valueOf(result.getString(1));
        List<String> keyValueTexts = new ArrayList<>();
        for (int i = 3; i < firstColumn; i++) {
          keyValueTexts.add(result.getString(i));
        }
        List<String> values = new ArrayList<>();
        for (int i = firstColumn; i <= meta.getColumnCount(); i++) {
          values.add(result.getString(i));
        }
        rows.add(new RowChange(kind, result.getString(2), ReentryStatements.of(kind, key, keyValueTexts, columns, values,
            numeric)));
      }
    }
    return new TableChanges(key.table(), key.columns(), counts.get(Kind.INSERTED), counts.get(Kind.UPDATED),
        counts.get(Kind.DELETED), rows);
  }

  /** The table (in the connection's current schema) and its primary-key columns. */
  private static TableKey keyOf(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    String schema = null;
    try (PreparedStatement s = c.prepareStatement("SELECT n.nspname, a.attname FROM pg_class r"
        + " JOIN pg_namespace n ON n.oid = r.relnamespace"
        + " LEFT JOIN pg_constraint con ON con.conrelid = r.oid AND con.contype = 'p'"
        + " LEFT JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position) ON true"
        + " LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum"
        + " WHERE n.nspname = current_schema() AND r.relname = ? AND r.relkind IN ('r', 'p') ORDER BY k.position")) {
      s.setString(1, table);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          schema = rows.getString(1);
          if (rows.getString(2) != null) {
            columns.add(rows.getString(2));
          }
        }
      }
    }
    if (schema == null) {
      throw Failures.precondition("cannot record the writes to table " + table + ": it does not exist");
    }
    if (columns.isEmpty()) {
      throw Failures.precondition("cannot record the writes to table " + table + " by key: it has no primary key");
    }
    return new TableKey(schema, table, List.copyOf(columns));
  }

  private static String rowFunction() {
    String log = name(SCHEMA, LOG);
    return "CREATE OR REPLACE FUNCTION " + name(SCHEMA, ROW_FUNCTION) + "() RETURNS trigger LANGUAGE plpgsql"
        + " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$\n"
        + "DECLARE old_key jsonb; new_key jsonb;\n"
        + "BEGIN\n"
        + "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
        + "    SELECT jsonb_object_agg(k, to_jsonb(OLD) -> k) INTO old_key FROM unnest(TG_ARGV) AS k;\n"
        + "  END IF;\n"
        + "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
        + "    SELECT jsonb_object_agg(k, to_jsonb(NEW) -> k) INTO new_key FROM unnest(TG_ARGV) AS k;\n"
        + "  END IF;\n"
        + "  IF TG_OP = 'UPDATE' AND old_key IS DISTINCT FROM new_key THEN\n"
        + "    INSERT INTO " + log + " (table_name, operation, row_key) VALUES (TG_TABLE_NAME, 'D', old_key),"
        + " (TG_TABLE_NAME, 'I', new_key);\n"
        + "  ELSIF TG_OP = 'DELETE' THEN\n"
        + "    INSERT INTO " + log + " (table_name, operation, row_key) VALUES (TG_TABLE_NAME, 'D', old_key);\n"
        + "  ELSE\n"
        + "    INSERT INTO " + log + " (table_name, operation, row_key) VALUES (TG_TABLE_NAME, left(TG_OP, 1), new_key);\n"
        + "  END IF;\n"
        + "  RETURN NULL;\n"
        + "END\n$body$";
  }

  /** TRUNCATE fires no row trigger: every row it is about to remove is recorded as deleted. */
  private static String truncateFunction() {
    return "CREATE OR REPLACE FUNCTION " + name(SCHEMA, TRUNCATE_FUNCTION) + "() RETURNS trigger LANGUAGE plpgsql"
        + " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$\n"
        + "BEGIN\n"
        + "  EXECUTE format('INSERT INTO %s (table_name, operation, row_key)"
        + " SELECT %L, ''D'', (SELECT jsonb_object_agg(k, to_jsonb(t) -> k) FROM unnest($1) AS k) FROM %I.%I AS t', "
        + literal(name(SCHEMA, LOG)) + ", TG_TABLE_NAME, TG_TABLE_SCHEMA, TG_TABLE_NAME) USING TG_ARGV;\n"
        + "  RETURN NULL;\n"
        + "END\n$body$";
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String queryText(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /** A table and its primary-key columns, in key order. */
  record TableKey(String schema, String table, List<String> columns) {}
}
