package com.upgradectl.activities.platform.sqlserver;

import static com.upgradectl.activities.platform.sqlserver.SqlServerChangeTrackingStatements.DATABASE_PROPERTY;
import static com.upgradectl.activities.platform.sqlserver.SqlServerChangeTrackingStatements.SINCE_PROPERTY;

import com.upgradectl.activities.platform.Failures;
import com.upgradectl.activities.platform.sqlserver.SqlServerChangeTrackingStatements.Column;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import com.upgradectl.workflows.pilot.SwitchBackReport.RowChange;
import com.upgradectl.workflows.pilot.SwitchBackReport.TableChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records, by primary key, every write to a database's data-record tables from the switch on, with
 * SQL Server's own Change Tracking: the database and each table are enabled (a few DDL statements
 * whatever the tables' size), the version current then is the position, and
 * {@code CHANGETABLE(CHANGES t, position)} gives the net change per key since then (I, U or D; an
 * update of a key is the old key deleted and the new one inserted). Change Tracking rather than
 * triggers because it adds no code to the application's write path: a trigger breaks an
 * {@code INSERT ... OUTPUT} without INTO (which ORMs send) and shifts {@code @@IDENTITY}.
 *
 * <p>What we turned on is marked with extended properties (the database, each table), so stopping
 * turns off exactly that and leaves Change Tracking the application uses itself alone. A TRUNCATE
 * removes a table's record (its minimum valid version moves past the position): the record then
 * counts as lost for that table, and listing it is refused rather than incomplete.
 */
final class SqlServerChangeTracking {
  private static final Logger log = LoggerFactory.getLogger(SqlServerChangeTracking.class);
  private static final Set<String> NUMERIC_TYPES = Set.of("tinyint", "smallint", "int", "bigint", "decimal",
      "numeric");
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

  private final TsqlExecutor executor;

  SqlServerChangeTracking(TsqlExecutor executor) {
    this.executor = executor;
  }

  /**
   * Idempotent: marks then enables what is not on yet, and records the position once; a retry after
   * a crash at any point finishes the job and returns the first position.
   */
  String start(Connection c, List<String> tables) throws SQLException {
    List<TableKey> keys = new ArrayList<>();
    for (String table : tables) {
      keys.add(keyOf(c, table));
    }
    Map<String, String> properties = properties(c);
    if (!databaseTracked(c)) {
      if (!properties.containsKey(DATABASE_PROPERTY)) {
        executor.execute(c, SqlServerChangeTrackingStatements.addDatabaseProperty(DATABASE_PROPERTY,
            "Change Tracking turned on by upgradectl for a switch-back"));
      }
      executor.execute(c, SqlServerChangeTrackingStatements.enableDatabase());
    }
    Set<List<String>> tracked = pairs(executor.query(c, SqlServerChangeTrackingStatements.trackedTables()));
    Set<List<String>> marked = pairs(executor.query(c, SqlServerChangeTrackingStatements.markedTables()));
    for (TableKey key : keys) {
      List<String> name = List.of(key.schema(), key.table());
      if (!tracked.contains(name)) {
        if (!marked.contains(name)) {
          executor.execute(c, SqlServerChangeTrackingStatements.markTable(key.schema(), key.table()));
        }
        executor.execute(c, SqlServerChangeTrackingStatements.enableTable(key.schema(), key.table()));
      }
    }
    String since = properties.get(SINCE_PROPERTY);
    if (since == null) {
      since = String.valueOf(number(executor.query(c, SqlServerChangeTrackingStatements.currentVersion()).get(0).get(0)));
      executor.execute(c, SqlServerChangeTrackingStatements.addDatabaseProperty(SINCE_PROPERTY, since));
    }
    return since;
  }

  /**
   * Whether recording began and every table's record still reaches back to its position (not
   * truncated, not cleaned up).
   */
  boolean isRecording(Connection c, List<String> tables) throws SQLException {
    String since = properties(c).get(SINCE_PROPERTY);
    if (since == null || !databaseTracked(c)) {
      return false;
    }
    for (String table : tables) {
      TableKey key = keyOf(c, table);
      Optional<String> gap = gap(c, key, Long.parseLong(since));
      if (gap.isPresent()) {
        log.warn("{}", gap.get());
        return false;
      }
    }
    return true;
  }

  /** Turns off what {@link #start} turned on, then removes its marks. Idempotent. */
  void stop(Connection c) throws SQLException {
    Set<List<String>> tracked = pairs(executor.query(c, SqlServerChangeTrackingStatements.trackedTables()));
    for (List<String> table : pairs(executor.query(c, SqlServerChangeTrackingStatements.markedTables()))) {
      if (tracked.contains(table)) {
        executor.execute(c, SqlServerChangeTrackingStatements.disableTable(table.get(0), table.get(1)));
      }
      executor.execute(c, SqlServerChangeTrackingStatements.unmarkTable(table.get(0), table.get(1)));
    }
    if (properties(c).containsKey(DATABASE_PROPERTY) && databaseTracked(c)) {
      executor.execute(c, SqlServerChangeTrackingStatements.disableDatabase());
    }
    executor.execute(c, SqlServerChangeTrackingStatements.dropDatabaseProperty(SINCE_PROPERTY));
    executor.execute(c, SqlServerChangeTrackingStatements.dropDatabaseProperty(DATABASE_PROPERTY));
  }

  /** Net changes per key of each table since {@code since}; refused for a table whose record has a gap. */
  List<TableChanges> changesSince(Connection c, List<String> tables, long since, int listLimit) throws SQLException {
    List<TableChanges> changes = new ArrayList<>();
    for (String table : tables) {
      TableKey key = keyOf(c, table);
      Optional<String> gap = gap(c, key, since);
      if (gap.isPresent()) {
        throw Failures.precondition(gap.get());
      }
      changes.add(changesOf(c, key, since, listLimit));
    }
    return changes;
  }

  private TableChanges changesOf(Connection c, TableKey key, long since, int listLimit) throws SQLException {
    Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      counts.put(kind, 0L);
    }
    for (List<Object> row : executor.query(c,
        SqlServerChangeTrackingStatements.changeCounts(key.schema(), key.table(), since))) {
      counts.put(kind(text(row.get(0))), number(row.get(1)));
    }
    List<Column> columns = new ArrayList<>();
    for (List<Object> row : executor.query(c, SqlServerChangeTrackingStatements.columns(key.schema(), key.table()))) {
      columns.add(new Column(text(row.get(0)), text(row.get(1)), flag(row.get(2)), flag(row.get(3))));
    }
    List<RowChange> rows = new ArrayList<>();
    int keyCount = key.columns().size();
    for (List<Object> row : executor.query(c, SqlServerChangeTrackingStatements.listedChanges(key.schema(),
        key.table(), key.columns(), columns, since, listLimit))) {
      Kind kind = kind(text(row.get(0)));
      List<String> keyValues = new ArrayList<>();
      for (int i = 1; i <= keyCount; i++) {
        keyValues.add(text(row.get(i)));
      }
      List<String> values = new ArrayList<>();
      for (int i = keyCount + 1; i < row.size(); i++) {
        values.add(kind == Kind.DELETED ? null : text(row.get(i)));
      }
      rows.add(new RowChange(kind, keyJson(key.columns(), keyValues, numeric(key.columns(), columns)),
          SqlServerReentryStatements.of(kind, key.schema(), key.table(), key.columns(), keyValues, columns, values)));
    }
    return new TableChanges(key.table(), key.columns(), counts.get(Kind.INSERTED), counts.get(Kind.UPDATED),
        counts.get(Kind.DELETED), rows);
  }

  /** Why the table's record does not reach back to {@code since}, if it does not. */
  private Optional<String> gap(Connection c, TableKey key, long since) throws SQLException {
    Object min = executor.query(c, SqlServerChangeTrackingStatements.minValidVersion(key.schema(), key.table()))
        .get(0).get(0);
    String name = key.schema() + "." + key.table();
    if (min == null) {
      return Optional.of("table " + name + " is not change-tracked any more (Change Tracking was turned off for it"
          + " since the switch): the rows written to it since the switch cannot be listed");
    }
    if (number(min) > since) {
      return Optional.of("the change record of table " + name + " starts at version " + number(min) + ", after the"
          + " switch (version " + since + "): the table was truncated since the switch, or the record was cleaned"
          + " up; the rows written to it since the switch cannot be listed from it");
    }
    return Optional.empty();
  }

  /** The table as {@code tableShapes} names it, with its primary-key columns. */
  private TableKey keyOf(Connection c, String table) throws SQLException {
    List<List<Object>> rows = executor.query(c, SqlServerChangeTrackingStatements.tableKey(table));
    if (rows.isEmpty()) {
      throw Failures.precondition("cannot record the writes to table " + table + ": it does not exist");
    }
    String schema = text(rows.get(0).get(0));
    String name = text(rows.get(0).get(1));
    List<String> columns = new ArrayList<>();
    for (List<Object> row : rows) {
      if (row.get(2) != null) {
        columns.add(text(row.get(2)));
      }
    }
    if (columns.isEmpty()) {
      throw Failures.precondition("cannot record the writes to table " + table + " by key: it has no primary key");
    }
    return new TableKey(schema, name, List.copyOf(columns));
  }

  private boolean databaseTracked(Connection c) throws SQLException {
    return flag(executor.query(c, SqlServerChangeTrackingStatements.databaseTracked()).get(0).get(0));
  }

  private Map<String, String> properties(Connection c) throws SQLException {
    Map<String, String> properties = new HashMap<>();
    for (List<Object> row : executor.query(c, SqlServerChangeTrackingStatements.databaseProperties())) {
      properties.put(text(row.get(0)), text(row.get(1)));
    }
    return properties;
  }

  /**
   * {"id": 42, "code": "x"}: each key column with its value, a JSON number for integer and decimal
   * columns (as PostgreSQL's jsonb key reads), else the server's text as a JSON string.
   */
  static String keyJson(List<String> columns, List<String> values, Set<String> numeric) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < columns.size(); i++) {
      String value = values.get(i);
      json.append(i == 0 ? "" : ", ").append(jsonString(columns.get(i))).append(": ")
          .append(value == null ? "null"
              : numeric.contains(columns.get(i)) && JSON_NUMBER.matcher(value).matches() ? value : jsonString(value));
    }
    return json.append('}').toString();
  }

  private static Set<String> numeric(List<String> keyColumns, List<Column> columns) {
    Set<String> numeric = new HashSet<>();
    for (Column column : columns) {
      if (keyColumns.contains(column.name()) && NUMERIC_TYPES.contains(column.type().toLowerCase(Locale.ROOT))) {
        numeric.add(column.name());
      }
    }
    return numeric;
  }

  private static String jsonString(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        default -> {
          if (ch < 0x20) {
            s.append(String.format("\\u%04x", (int) ch));
          } else {
            s.append(ch);
          }
        }
      }
    }
    return s.append('"').toString();
  }

  private static Kind kind(String operation) {
    return switch (operation == null ? "" : operation.trim()) {
      case "I" -> Kind.INSERTED;
      case "U" -> Kind.UPDATED;
      case "D" -> Kind.DELETED;
      default -> throw new IllegalStateException("unknown SYS_CHANGE_OPERATION " + operation);
    };
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
    if (value instanceof Number n) {
      return n.longValue();
    }
    return Long.parseLong(value.toString());
  }

  private static boolean flag(Object value) {
    return value instanceof Boolean b ? b : value != null && number(value) != 0;
  }

  /** A table and its primary-key columns, in key order. */
  record TableKey(String schema, String table, List<String> columns) {}
}
