package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.platform.Failures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Knows, by primary key, which rows of a database's tables were written since a Change Tracking
 * version: SQL Server's own record ({@code CHANGETABLE(CHANGES t, version)}, one row per changed key,
 * net), as the switch-back's record uses it ({@link SqlServerChangeTracking}). Used on production (what
 * a refresh re-reads) and on the pilot (what testers wrote, put back to production's rows).
 *
 * <p>What it turns on is marked (extended properties on the database and on each table), so removal
 * turns off exactly that and leaves Change Tracking the application uses itself as it was. Change
 * Tracking reports neither a schema change nor, row by row, a TRUNCATE: a digest of each table's
 * columns and key is kept as a table property when capture begins (compared at each refresh), and a
 * TRUNCATE moves the table's minimum valid version past any earlier version, which is checked.
 */
final class SqlServerChangeCapture {
  private final TsqlExecutor executor;

  SqlServerChangeCapture(TsqlExecutor executor) {
    this.executor = executor;
  }

  static SqlServerChangeCapture jdbc() {
    return new SqlServerChangeCapture(JdbcTsqlExecutor.INSTANCE);
  }

  /** Where a table stands: captured and trusted since a version, or why it cannot be trusted. */
  record TableState(String table, List<String> keyColumns, String untrustedBecause) {
    boolean trusted() {
      return untrustedBecause == null;
    }
  }

  /**
   * What the login lacks to capture the tables, as sentences; empty when it may. Asked before
   * anything changes, so a refused capture leaves the database as it was.
   */
  List<String> missingRights(Connection c, List<TableInfo> tables) throws SQLException {
    List<String> missing = new ArrayList<>();
    if (!databaseTracked(c) && !flag(single(c, SqlServerCaptureStatements.databasePermission()))) {
      missing.add("ALTER on the database, to turn Change Tracking on (or turn it on yourself: ALTER DATABASE ... SET"
          + " CHANGE_TRACKING = ON (CHANGE_RETENTION = " + SqlServerChangeTrackingStatements.RETENTION_DAYS
          + " DAYS, AUTO_CLEANUP = ON))");
    }
    Set<List<String>> tracked = pairs(executor.query(c, SqlServerChangeTrackingStatements.trackedTables()));
    for (TableInfo table : tables) {
      List<Object> rights = executor.query(c, SqlServerCaptureStatements.tablePermissions(table.schema(),
          table.name())).get(0);
      if (!flag(rights.get(0))) {
        missing.add("VIEW CHANGE TRACKING on " + table.schema() + "." + table.name());
      }
      if (!flag(rights.get(1))) {
        missing.add("ALTER on " + table.schema() + "." + table.name() + " (to "
            + (tracked.contains(List.of(table.schema(), table.name())) ? "" : "enable Change Tracking on it and ")
            + "keep the digest of its columns)");
      }
    }
    return missing;
  }

  /**
   * Idempotent: marks, then turns on what is off (the database, each table with a primary key), and
   * keeps each table's column digest; a table already captured keeps the digest it had. Tables
   * without a primary key are left alone: Change Tracking needs one, and a refresh copies them whole.
   */
  void install(Connection c, List<TableInfo> tables) throws SQLException {
    if (!databaseTracked(c)) {
      if (!databaseProperties(c).contains(SqlServerCaptureStatements.DATABASE_PROPERTY)) {
        executor.execute(c, SqlServerChangeTrackingStatements.addDatabaseProperty(
            SqlServerCaptureStatements.DATABASE_PROPERTY, "Change Tracking turned on by upgradectl for refreshes"));
      }
      executor.execute(c, SqlServerChangeTrackingStatements.enableDatabase());
    }
    Set<List<String>> tracked = pairs(executor.query(c, SqlServerChangeTrackingStatements.trackedTables()));
    Set<List<String>> marked = pairs(executor.query(c,
        SqlServerChangeTrackingStatements.markedTables(SqlServerCaptureStatements.TABLE_PROPERTY)));
    Map<List<String>, String> digests = digests(c);
    for (TableInfo table : tables) {
      List<String> name = List.of(table.schema(), table.name());
      if (table.primaryKey().isEmpty()) {
        continue;
      }
      if (!tracked.contains(name)) {
        if (!marked.contains(name)) {
          executor.execute(c, SqlServerChangeTrackingStatements.markTable(SqlServerCaptureStatements.TABLE_PROPERTY,
              "Change Tracking enabled by upgradectl for refreshes", table.schema(), table.name()));
        }
        executor.execute(c, SqlServerChangeTrackingStatements.enableTable(table.schema(), table.name()));
      }
      if (!digests.containsKey(name)) {
        executor.execute(c, SqlServerChangeTrackingStatements.markTable(SqlServerCaptureStatements.COLUMNS_PROPERTY,
            columnDigest(c, table.schema(), table.name()), table.schema(), table.name()));
      }
    }
  }

  /** Whether capture was installed in the database: Change Tracking on and some table's digest kept. */
  boolean installed(Connection c) throws SQLException {
    return databaseTracked(c) && !digests(c).isEmpty();
  }

  /**
   * Turns off what {@link #install} turned on and removes its marks. Idempotent. When the switch-back's
   * record is running in the database (the switched production), what we turned on is handed over to
   * it instead: it needs the same Change Tracking, and turns it off when its grace period ends.
   */
  void remove(Connection c) throws SQLException {
    boolean switchBackRecording = databaseProperties(c).contains(SqlServerChangeTrackingStatements.SINCE_PROPERTY);
    Set<List<String>> tracked = pairs(executor.query(c, SqlServerChangeTrackingStatements.trackedTables()));
    Set<List<String>> switchBackMarked = pairs(executor.query(c, SqlServerChangeTrackingStatements.markedTables()));
    for (List<String> table : pairs(executor.query(c,
        SqlServerChangeTrackingStatements.markedTables(SqlServerCaptureStatements.TABLE_PROPERTY)))) {
      if (switchBackRecording) {
        if (!switchBackMarked.contains(table)) {
          executor.execute(c, SqlServerChangeTrackingStatements.markTable(table.get(0), table.get(1)));
        }
      } else if (tracked.contains(table)) {
        executor.execute(c, SqlServerChangeTrackingStatements.disableTable(table.get(0), table.get(1)));
      }
      executor.execute(c, SqlServerChangeTrackingStatements.unmarkTable(SqlServerCaptureStatements.TABLE_PROPERTY,
          table.get(0), table.get(1)));
    }
    for (List<String> table : digests(c).keySet()) {
      executor.execute(c, SqlServerChangeTrackingStatements.unmarkTable(SqlServerCaptureStatements.COLUMNS_PROPERTY,
          table.get(0), table.get(1)));
    }
    if (databaseProperties(c).contains(SqlServerCaptureStatements.DATABASE_PROPERTY)) {
      if (switchBackRecording) {
        if (!databaseProperties(c).contains(SqlServerChangeTrackingStatements.DATABASE_PROPERTY)) {
          executor.execute(c, SqlServerChangeTrackingStatements.addDatabaseProperty(
              SqlServerChangeTrackingStatements.DATABASE_PROPERTY, "Change Tracking turned on by upgradectl"));
        }
      } else if (databaseTracked(c)) {
        executor.execute(c, SqlServerChangeTrackingStatements.disableDatabase());
      }
      executor.execute(c, SqlServerChangeTrackingStatements.dropDatabaseProperty(
          SqlServerCaptureStatements.DATABASE_PROPERTY));
    }
    executor.execute(c, SqlServerCaptureStatements.dropAppliedTable());
    executor.execute(c, SqlServerCaptureStatements.dropSchema());
  }

  /**
   * Whether each table's record can be trusted for the writes after {@code since}: a primary key,
   * Change Tracking on for it, its columns and key as when capture began, its record complete from
   * {@code since} on (not cleaned up, not truncated).
   *
   * @param side "production" or "the pilot", for the reasons
   */
  Map<String, TableState> states(Connection c, List<TableInfo> tables, long since, String side) throws SQLException {
    Map<String, TableState> states = new HashMap<>();
    boolean on = databaseTracked(c);
    Set<List<String>> tracked = on ? pairs(executor.query(c, SqlServerChangeTrackingStatements.trackedTables()))
        : Set.of();
    Map<List<String>, String> digests = on ? digests(c) : Map.of();
    for (TableInfo table : tables) {
      states.put(table.name(), new TableState(table.name(), table.primaryKey(),
          untrustedBecause(c, table, since, side, on, tracked, digests)));
    }
    return states;
  }

  private String untrustedBecause(Connection c, TableInfo table, long since, String side, boolean on,
      Set<List<String>> tracked, Map<List<String>, String> digests) throws SQLException {
    String name = table.schema() + "." + table.name();
    List<String> key = List.of(table.schema(), table.name());
    if (table.primaryKey().isEmpty()) {
      return "table " + name + " has no primary key on " + side + " (Change Tracking needs one)";
    }
    if (!on) {
      return "Change Tracking is off for the database on " + side;
    }
    if (!tracked.contains(key)) {
      return "Change Tracking is not enabled on " + name + " on " + side;
    }
    String digest = digests.get(key);
    if (digest == null) {
      return "its writes on " + side + " are not captured";
    }
    if (!digest.equals(columnDigest(c, table.schema(), table.name()))) {
      return "its columns or primary key on " + side + " changed since the capture began";
    }
    Object min = single(c, SqlServerChangeTrackingStatements.minValidVersion(table.schema(), table.name()));
    if (min == null) {
      return "Change Tracking is not enabled on " + name + " on " + side;
    }
    if (number(min) > since) {
      return "its change record on " + side + " starts at version " + number(min) + ", after version " + since
          + " (the table was truncated, or the record cleaned up)";
    }
    return null;
  }

  /**
   * How many keys of the table changed since the version.
   *
   * @param skipOwnWrites leave out keys whose last change is our own (the pilot's refreshes)
   */
  long changedKeyCount(Connection c, String schema, String table, long since, boolean skipOwnWrites)
      throws SQLException {
    return number(single(c, skipOwnWrites
        ? SqlServerCaptureStatements.changedKeyCountNotOurs(schema, table, since)
        : SqlServerCaptureStatements.changedKeyCount(schema, table, since)));
  }

  /**
   * The keys changed since the version, each as its values in {@code keyColumns} order, as JDBC reads
   * them.
   *
   * @param skipOwnWrites leave out keys whose last change is our own (the pilot's refreshes)
   */
  Set<List<Object>> changedKeys(Connection c, String schema, String table, List<String> keyColumns, long since,
      boolean skipOwnWrites) throws SQLException {
    Tsql query = skipOwnWrites
        ? SqlServerCaptureStatements.changedKeysNotOurs(schema, table, keyColumns, since)
        : SqlServerCaptureStatements.changedKeys(schema, table, keyColumns, since);
    Set<List<Object>> keys = new LinkedHashSet<>();
    for (List<Object> row : executor.query(c, query)) {
      keys.add(SqlServerKeyValues.normalized(row));
    }
    return keys;
  }

  /** The version of the last committed change (0 before any). */
  long currentVersion(Connection c) throws SQLException {
    return number(single(c, SqlServerChangeTrackingStatements.currentVersion()));
  }

  /** The versions (production's, the pilot's) the pilot's rows reflect, or null before the first is recorded. */
  long[] applied(Connection pilot) throws SQLException {
    if (!flag(single(pilot, SqlServerCaptureStatements.appliedExists()))) {
      return null;
    }
    List<List<Object>> rows = executor.query(pilot, SqlServerCaptureStatements.readApplied());
    return rows.isEmpty() ? null : new long[] {number(rows.get(0).get(0)), number(rows.get(0).get(1))};
  }

  /** In the caller's transaction: the versions the pilot's data-record rows now reflect. */
  void recordApplied(Connection pilot, long productionVersion, long pilotVersion) throws SQLException {
    executor.execute(pilot, SqlServerCaptureStatements.createSchema());
    executor.execute(pilot, SqlServerCaptureStatements.createAppliedTable());
    executor.execute(pilot, SqlServerCaptureStatements.forgetApplied());
    executor.execute(pilot, SqlServerCaptureStatements.recordApplied(productionVersion, pilotVersion));
  }

  private String columnDigest(Connection c, String schema, String table) throws SQLException {
    StringBuilder text = new StringBuilder();
    for (List<Object> row : executor.query(c, SqlServerCaptureStatements.columnSignature(schema, table))) {
      text.append(row).append('\n');
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<List<String>, String> digests(Connection c) throws SQLException {
    Map<List<String>, String> digests = new HashMap<>();
    for (List<Object> row : executor.query(c, SqlServerCaptureStatements.columnDigests())) {
      digests.put(List.of(text(row.get(0)), text(row.get(1))), text(row.get(2)));
    }
    return digests;
  }

  private boolean databaseTracked(Connection c) throws SQLException {
    return flag(single(c, SqlServerChangeTrackingStatements.databaseTracked()));
  }

  private Set<String> databaseProperties(Connection c) throws SQLException {
    Set<String> names = new LinkedHashSet<>();
    for (List<Object> row : executor.query(c, SqlServerChangeTrackingStatements.databasePropertiesNamed(
        SqlServerCaptureStatements.DATABASE_PROPERTY, SqlServerChangeTrackingStatements.DATABASE_PROPERTY,
        SqlServerChangeTrackingStatements.SINCE_PROPERTY))) {
      names.add(text(row.get(0)));
    }
    return names;
  }

  private Object single(Connection c, Tsql query) throws SQLException {
    List<List<Object>> rows = executor.query(c, query);
    if (rows.isEmpty()) {
      throw Failures.precondition("the server answered no row to " + query.text());
    }
    return rows.get(0).get(0);
  }

  private static Set<List<String>> pairs(List<List<Object>> rows) {
    Set<List<String>> pairs = new LinkedHashSet<>();
    for (List<Object> row : rows) {
      pairs.add(List.of(text(row.get(0)), text(row.get(1))));
    }
    return pairs;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
  }

  private static boolean flag(Object value) {
    return value instanceof Boolean b ? b : value != null && number(value) != 0;
  }
}
