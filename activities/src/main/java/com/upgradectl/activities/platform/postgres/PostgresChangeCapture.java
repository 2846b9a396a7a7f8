package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.literal;
import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;

import com.upgradectl.activities.copy.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Knows, by primary key, every row written to a database's tables since a read point: a row trigger
 * per table appends (table, operation, key, writing transaction) to a log in our own schema, and a
 * TRUNCATE is logged as such (it touches no row one by one, so the table can only be copied whole).
 *
 * <p>Why the transaction id: a change belongs to a read point exactly when its transaction is visible
 * in that read point's snapshot ({@code pg_visible_in_snapshot}). The keys changed after read point R
 * and up to read point R' are then the log rows read inside R' whose transaction R does not see: no
 * gap and no double, whatever commits while a copy runs. Triggers rather than logical decoding: they
 * need only the table owner's rights (no REPLICATION, no wal_level=logical, so no server restart, and
 * they work on every managed service), and a pilot that lives for weeks holds no replication slot
 * that would keep WAL on production's disk. The price is one small insert per written row.
 *
 * <p>Used on production (what to re-read) and on the pilot (what testers wrote, to be put back to
 * production's rows); the pilot's triggers step aside while the copier itself writes ({@link
 * #QUIET_SETTING}). The functions run as their owner (SECURITY DEFINER), so the application's roles
 * need no privilege on the log.
 */
final class PostgresChangeCapture {
  static final String SCHEMA = "upgradectl_capture";
  static final String LOG = "changes";
  /** One row per captured table: its key columns and its column signature when capture began. */
  static final String CAPTURED = "captured";
  /** In the pilot: the read point of production its data-record rows reflect. */
  static final String APPLIED = "applied";
  static final String ROW_TRIGGER = "upgradectl_capture_rows";
  static final String TRUNCATE_TRIGGER = "upgradectl_capture_truncate";
  /** A session that sets it to 'on' writes without being logged: only the pilot's triggers honour it. */
  static final String QUIET_SETTING = "upgradectl.capture_quiet";
  private static final String ROW_FUNCTION = "capture_row";
  private static final String TRUNCATE_FUNCTION = "capture_truncate";

  private PostgresChangeCapture() {}

  /** Where the database stands for one table: captured and trusted, or why it cannot be trusted. */
  record TableState(String table, List<String> keyColumns, String untrustedBecause) {
    boolean trusted() {
      return untrustedBecause == null;
    }
  }

  /**
   * Starts capturing the tables' writes, in one transaction; tables already captured keep their log.
   * Idempotent.
   *
   * @param quietable whether sessions may step aside ({@link #QUIET_SETTING}): the pilot's capture only
   */
  static void install(Connection c, List<TableInfo> tables, boolean quietable) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      execute(c, "CREATE SCHEMA IF NOT EXISTS " + name(SCHEMA));
      execute(c, "REVOKE ALL ON SCHEMA " + name(SCHEMA) + " FROM PUBLIC");
      execute(c, "CREATE TABLE IF NOT EXISTS " + name(SCHEMA, LOG) + " ("
          + "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, table_name text NOT NULL,"
          + " operation char(1) NOT NULL CHECK (operation IN ('I', 'U', 'D', 'T')), row_key jsonb,"
          + " xid xid8 NOT NULL DEFAULT pg_current_xact_id(), recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      execute(c, "CREATE INDEX IF NOT EXISTS changes_by_table ON " + name(SCHEMA, LOG) + " (table_name)");
      execute(c, "CREATE TABLE IF NOT EXISTS " + name(SCHEMA, CAPTURED) + " (table_name text PRIMARY KEY,"
          + " key_columns text[] NOT NULL, column_signature text NOT NULL,"
          + " started_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      execute(c, truncateFunction(quietable));
      for (TableInfo table : tables) {
        if (table.primaryKey().isEmpty() || isCaptured(c, table.name())) {
          continue;
        }
        String qualified = name(table.schema(), table.name());
        execute(c, rowFunction(table, quietable));
        execute(c, "DROP TRIGGER IF EXISTS " + name(ROW_TRIGGER) + " ON " + qualified);
        execute(c, "CREATE TRIGGER " + name(ROW_TRIGGER) + " AFTER INSERT OR UPDATE OR DELETE ON " + qualified
            + " FOR EACH ROW" + quietCondition(quietable) + " EXECUTE FUNCTION " + name(SCHEMA, rowFunctionName(table))
            + "()");
        execute(c, "DROP TRIGGER IF EXISTS " + name(TRUNCATE_TRIGGER) + " ON " + qualified);
        execute(c, "CREATE TRIGGER " + name(TRUNCATE_TRIGGER) + " AFTER TRUNCATE ON " + qualified
            + " FOR EACH STATEMENT EXECUTE FUNCTION " + name(SCHEMA, TRUNCATE_FUNCTION) + "()");
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + name(SCHEMA, CAPTURED)
            + " (table_name, key_columns, column_signature) VALUES (?, ?, ?)")) {
          s.setString(1, table.name());
          s.setArray(2, c.createArrayOf("text", table.primaryKey().toArray()));
          s.setString(3, signature(c, table));
          s.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** Whether capture was ever installed in the database (its schema exists). */
  static boolean installed(Connection c) throws SQLException {
    return queryText(c, "SELECT to_regclass(" + literal(name(SCHEMA, CAPTURED)) + ")::text") != null;
  }

  /**
   * Removes every trigger, function and log row of the capture, and the other schemas named, in one
   * transaction. Idempotent.
   */
  static void remove(Connection c, List<String> otherSchemas) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
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
      List<String> schemas = new ArrayList<>(otherSchemas);
      schemas.add(SCHEMA);
      // the switch removes the capture while production is frozen: no second may go to waiting
      PostgresAheadOfAutovacuum.lock(c, triggers.stream().map(t -> name(t[1], t[2])).distinct().toList(),
          "SHARE ROW EXCLUSIVE");
      PostgresAheadOfAutovacuum.lock(c, PostgresAheadOfAutovacuum.tablesIn(c, schemas), "ACCESS EXCLUSIVE");
      for (String[] trigger : triggers) {
        execute(c, "DROP TRIGGER IF EXISTS " + name(trigger[0]) + " ON " + name(trigger[1], trigger[2]));
      }
      for (String schema : schemas) {
        execute(c, "DROP SCHEMA IF EXISTS " + name(schema) + " CASCADE");
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * Whether each table's log can be trusted for the writes after {@code since} (a read point's
   * snapshot; null for "any time"): captured from before that point, triggers present and enabled,
   * the same columns as when capture began, no TRUNCATE since. Reads inside the caller's transaction.
   *
   * @param side "production" or "the pilot", for the reasons
   */
  static Map<String, TableState> states(Connection c, List<TableInfo> tables, String since, String side)
      throws SQLException {
    Map<String, TableState> states = new HashMap<>();
    if (!installed(c)) {
      for (TableInfo table : tables) {
        states.put(table.name(), new TableState(table.name(), List.of(), "no change capture on " + side));
      }
      return states;
    }
    for (TableInfo table : tables) {
      states.put(table.name(), stateOf(c, table, since, side));
    }
    return states;
  }

  private static TableState stateOf(Connection c, TableInfo table, String since, String side) throws SQLException {
    String name = table.name();
    if (table.primaryKey().isEmpty()) {
      return new TableState(name, List.of(), "table " + name + " has no primary key on " + side);
    }
    List<String> keyColumns;
    String recordedSignature;
    try (PreparedStatement s = c.prepareStatement("SELECT key_columns, column_signature FROM "
        + name(SCHEMA, CAPTURED) + " WHERE table_name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return new TableState(name, List.of(), "its writes on " + side + " are not captured");
        }
        keyColumns = List.of((String[]) rs.getArray(1).getArray());
        recordedSignature = rs.getString(2);
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = CAST(? AS oid)"
        + " AND t.tgname IN (?, ?) AND t.tgenabled IN ('O', 'A')")) {
      s.setLong(1, table.id());
      s.setString(2, ROW_TRIGGER);
      s.setString(3, TRUNCATE_TRIGGER);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        if (rs.getInt(1) != 2) {
          return new TableState(name, keyColumns, "its capture triggers on " + side + " were dropped or disabled");
        }
      }
    }
    if (!recordedSignature.equals(signature(c, table))) {
      return new TableState(name, keyColumns, "its columns on " + side + " changed since the capture began");
    }
    if (!keyColumns.equals(table.primaryKey())) {
      return new TableState(name, keyColumns, "its primary key on " + side + " changed since the capture began");
    }
    String truncated = queryText(c, "SELECT max(recorded_at)::text FROM " + name(SCHEMA, LOG)
        + " WHERE table_name = " + literal(name) + " AND operation = 'T'" + notSeenBy(since));
    if (truncated != null) {
      return new TableState(name, keyColumns, "it was truncated on " + side + " at " + truncated);
    }
    return new TableState(name, keyColumns, null);
  }

  /**
   * The keys of the table's rows written after {@code since} (every logged key when null), each as
   * the text of its values in {@code keyColumns} order, first occurrence first. Reads inside the
   * caller's transaction (a read point: only changes it sees).
   */
  static Set<List<String>> changedKeys(Connection c, String table, List<String> keyColumns, String since)
      throws SQLException {
    String values = keyColumns.stream().map(k -> "row_key ->> " + literal(k)).collect(Collectors.joining(", "));
    String sql = "SELECT " + values + " FROM " + name(SCHEMA, LOG) + " WHERE table_name = " + literal(table)
        + " AND operation <> 'T'" + notSeenBy(since) + " ORDER BY id";
    Set<List<String>> keys = new LinkedHashSet<>();
    try (Statement s = c.createStatement()) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          List<String> key = new ArrayList<>(keyColumns.size());
          for (int i = 1; i <= keyColumns.size(); i++) {
            key.add(rs.getString(i));
          }
          keys.add(key);
        }
      }
    }
    return keys;
  }

  /** How many log rows each table has after {@code since}: the work a refresh would do now. */
  static Map<String, Long> pendingCounts(Connection c, String since) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    if (!installed(c)) {
      return counts;
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name, count(DISTINCT row_key)"
        + " FROM " + name(SCHEMA, LOG) + " WHERE true" + notSeenBy(since) + " GROUP BY table_name")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counts;
  }

  /** The current transaction's snapshot, as text: the read point a later call names as {@code since}. */
  static String snapshot(Connection c) throws SQLException {
    return queryText(c, "SELECT CAST(pg_current_snapshot() AS text)");
  }

  /** Drops the log rows a read point has seen: they are in the pilot. Autocommit connection. */
  static void forgetSeenBy(Connection c, String readPoint) throws SQLException {
    if (installed(c)) {
      execute(c, "DELETE FROM " + name(SCHEMA, LOG) + " WHERE pg_visible_in_snapshot(xid, "
          + PostgresCopySql.typed(readPoint, "pg_snapshot") + ")");
    }
  }

  /** Empties the log (the pilot's, once its changes are put back in the same transaction). */
  static void forgetAll(Connection c) throws SQLException {
    execute(c, "DELETE FROM " + name(SCHEMA, LOG));
  }

  /** The read point the pilot reflects, or null before the first one is recorded. */
  static String applied(Connection c) throws SQLException {
    if (queryText(c, "SELECT to_regclass(" + literal(name(SCHEMA, APPLIED)) + ")::text") == null) {
      return null;
    }
    return queryText(c, "SELECT read_point FROM " + name(SCHEMA, APPLIED));
  }

  /** Records (in the caller's transaction) the read point the pilot's data records now reflect. */
  static void recordApplied(Connection c, String readPoint) throws SQLException {
    execute(c, "CREATE TABLE IF NOT EXISTS " + name(SCHEMA, APPLIED)
        + " (read_point text NOT NULL, applied_at timestamptz NOT NULL)");
    execute(c, "DELETE FROM " + name(SCHEMA, APPLIED));
    execute(c, "INSERT INTO " + name(SCHEMA, APPLIED) + " (read_point, applied_at) VALUES ("
        + literal(readPoint) + ", clock_timestamp())");
  }

  /** Makes the pilot's triggers step aside for the rest of the caller's transaction. */
  static void quiet(Connection c) throws SQLException {
    execute(c, "SELECT set_config(" + literal(QUIET_SETTING) + ", 'on', true)");
  }

  private static String notSeenBy(String since) {
    return since == null ? "" : " AND NOT pg_visible_in_snapshot(xid, " + PostgresCopySql.typed(since, "pg_snapshot") + ")";
  }

  private static boolean isCaptured(Connection c, String table) throws SQLException {
    return queryText(c, "SELECT table_name FROM " + name(SCHEMA, CAPTURED) + " WHERE table_name = " + literal(table)) != null;
  }

  /** The table's columns and types as the catalog has them now: a change means the log may not fit. */
  private static String signature(Connection c, TableInfo table) throws SQLException {
    return String.join(",", PostgresCatalog.columnSignature(c, table.schema(), table.name()));
  }

  /** One function per table, named by the table's oid: renames do not break it, two schemas' tables do not share one. */
  private static String rowFunctionName(TableInfo table) {
    return ROW_FUNCTION + "_" + table.id();
  }

  /**
   * The table's key columns named in the function's text: taking them out of {@code to_jsonb} of the
   * whole row (one generic function for every table) cost production's writes about a third more.
   */
  private static String rowFunction(TableInfo table, boolean quietable) {
    String log = name(SCHEMA, LOG);
    return "CREATE OR REPLACE FUNCTION " + name(SCHEMA, rowFunctionName(table)) + "() RETURNS trigger"
        + " LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$\n"
        + "DECLARE old_key jsonb; new_key jsonb;\n"
        + "BEGIN\n"
        + quietCheck(quietable)
        + "  IF TG_OP <> 'INSERT' THEN\n"
        + "    old_key := " + keyObject("OLD", table.primaryKey()) + ";\n"
        + "  END IF;\n"
        + "  IF TG_OP <> 'DELETE' THEN\n"
        + "    new_key := " + keyObject("NEW", table.primaryKey()) + ";\n"
        + "  END IF;\n"
        + "  IF TG_OP = 'UPDATE' AND old_key IS DISTINCT FROM new_key THEN\n"
        + "    INSERT INTO " + log + " (table_name, operation, row_key) VALUES (TG_TABLE_NAME, 'D', old_key),"
        + " (TG_TABLE_NAME, 'I', new_key);\n"
        + "  ELSE\n"
        + "    INSERT INTO " + log + " (table_name, operation, row_key)"
        + " VALUES (TG_TABLE_NAME, left(TG_OP, 1), coalesce(new_key, old_key));\n"
        + "  END IF;\n"
        + "  RETURN NULL;\n"
        + "END\n$body$";
  }

  private static String keyObject(String row, List<String> keyColumns) {
    return "jsonb_build_object(" + keyColumns.stream().map(k -> literal(k) + ", " + row + "." + name(k))
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String truncateFunction(boolean quietable) {
    return "CREATE OR REPLACE FUNCTION " + name(SCHEMA, TRUNCATE_FUNCTION) + "() RETURNS trigger LANGUAGE plpgsql"
        + " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$\n"
        + "BEGIN\n"
        + quietCheck(quietable)
        + "  INSERT INTO " + name(SCHEMA, LOG) + " (table_name, operation) VALUES (TG_TABLE_NAME, 'T');\n"
        + "  RETURN NULL;\n"
        + "END\n$body$";
  }

  /**
   * Checked as each row is written, before any call: the refresh's own writes to the pilot (tens of
   * thousands of rows while production is frozen) queue no trigger event at all.
   */
  private static String quietCondition(boolean quietable) {
    return quietable ? " WHEN (current_setting(" + literal(QUIET_SETTING) + ", true) IS DISTINCT FROM 'on')" : "";
  }

  private static String quietCheck(boolean quietable) {
    return quietable ? "  IF current_setting(" + literal(QUIET_SETTING) + ", true) = 'on' THEN RETURN NULL; END IF;\n" : "";
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
}
