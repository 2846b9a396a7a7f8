package com.upgradectl.activities.platform.sqlserver;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every T-SQL text of the switch-back's change record on SQL Server (Change Tracking, see
 * {@link SqlServerChangeTracking}), run in the switched database. Identifiers go through
 * {@link SqlServerIdentifiers} only; values are bound parameters.
 */
public final class SqlServerChangeTrackingStatements {
  /** Database property: the Change Tracking version recording began at. */
  public static final String SINCE_PROPERTY = "upgradectl_switch_back_since";
  /** Database property, present when we turned Change Tracking on for the database (so we turn it off). */
  public static final String DATABASE_PROPERTY = "upgradectl_switch_back_database";
  /** Table property on each table we enabled Change Tracking for (so we disable it for exactly those). */
  public static final String TABLE_PROPERTY = "upgradectl_switch_back";
  /**
   * Longer than the longest grace period (30 days), so the automatic cleanup never removes a change
   * made within it.
   */
  public static final int RETENTION_DAYS = 35;

  private static final SqlServerIdentifiers ids = SqlServerIdentifiers.INSTANCE;

  private SqlServerChangeTrackingStatements() {}

  /** One row: 1 when Change Tracking is on for the connection's database, else 0. */
  public static Tsql databaseTracked() {
    return Tsql.of("SELECT CASE WHEN EXISTS (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID())"
        + " THEN 1 ELSE 0 END");
  }

  /** Tables with Change Tracking on. Columns: schema, table. */
  public static Tsql trackedTables() {
    return Tsql.of("SELECT s.name, t.name FROM sys.change_tracking_tables ct"
        + " JOIN sys.tables t ON t.object_id = ct.object_id JOIN sys.schemas s ON s.schema_id = t.schema_id");
  }

  /**
   * The table named as {@code tableShapes} names it (bare in dbo, else schema.table) and its
   * primary-key columns in key order; one row with a null column when it has no primary key, none
   * when it does not exist. Columns: schema, table, key column.
   */
  public static Tsql tableKey(String table) {
    return Tsql.of("""
        SELECT s.name, t.name, c.name
        FROM sys.tables t
        JOIN sys.schemas s ON s.schema_id = t.schema_id
        LEFT JOIN sys.indexes i ON i.object_id = t.object_id AND i.is_primary_key = 1
        LEFT JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
        LEFT JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE t.is_ms_shipped = 0 AND ((s.name = N'dbo' AND t.name = ?) OR CONCAT(s.name, N'.', t.name) = ?)
        ORDER BY ic.key_ordinal""", table, table);
  }

  /** The table's columns in order. Columns: name, system type name, is_identity, is_computed. */
  public static Tsql columns(String schema, String table) {
    return Tsql.of("SELECT c.name, TYPE_NAME(c.system_type_id), c.is_identity, c.is_computed FROM sys.columns c"
        + " WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id", ids.quote(schema, table));
  }

  /** Our properties of the database. Columns: name, value as text. */
  public static Tsql databaseProperties() {
    return Tsql.of("SELECT name, CAST(value AS nvarchar(4000)) FROM sys.extended_properties"
        + " WHERE class = 0 AND name IN (?, ?)", SINCE_PROPERTY, DATABASE_PROPERTY);
  }

  /** The database's properties of these names. Columns: name, value as text. */
  static Tsql databasePropertiesNamed(String... names) {
    return Tsql.of("SELECT name, CAST(value AS nvarchar(4000)) FROM sys.extended_properties WHERE class = 0 AND name IN ("
        + String.join(", ", java.util.Collections.nCopies(names.length, "?")) + ")", (Object[]) names);
  }

  /** Tables that carry our table property. Columns: schema, table. */
  public static Tsql markedTables() {
    return markedTables(TABLE_PROPERTY);
  }

  /** Tables that carry the named table property. Columns: schema, table. */
  static Tsql markedTables(String property) {
    return Tsql.of("SELECT s.name, t.name FROM sys.extended_properties p"
        + " JOIN sys.tables t ON p.class = 1 AND p.major_id = t.object_id AND p.minor_id = 0"
        + " JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE p.name = ?", property);
  }

  public static Tsql addDatabaseProperty(String name, String value) {
    return Tsql.of("EXEC sys.sp_addextendedproperty @name = ?, @value = ?", name, value);
  }

  public static Tsql dropDatabaseProperty(String name) {
    return Tsql.of("IF EXISTS (SELECT 1 FROM sys.extended_properties WHERE class = 0 AND name = ?)"
        + " EXEC sys.sp_dropextendedproperty @name = ?", name, name);
  }

  public static Tsql markTable(String schema, String table) {
    return markTable(TABLE_PROPERTY, "Change Tracking enabled by upgradectl for a switch-back", schema, table);
  }

  static Tsql markTable(String property, String value, String schema, String table) {
    return Tsql.of("EXEC sys.sp_addextendedproperty @name = ?, @value = ?, @level0type = N'SCHEMA', @level0name = ?,"
        + " @level1type = N'TABLE', @level1name = ?", property, value, schema, table);
  }

  public static Tsql unmarkTable(String schema, String table) {
    return unmarkTable(TABLE_PROPERTY, schema, table);
  }

  static Tsql unmarkTable(String property, String schema, String table) {
    return Tsql.of("EXEC sys.sp_dropextendedproperty @name = ?, @level0type = N'SCHEMA', @level0name = ?,"
        + " @level1type = N'TABLE', @level1name = ?", property, schema, table);
  }

  /** ALTER DATABASE is refused inside a transaction; CURRENT is the database the connection is on. */
  public static Tsql enableDatabase() {
    return Tsql.outsideTransaction("ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = "
        + RETENTION_DAYS + " DAYS, AUTO_CLEANUP = ON)");
  }

  public static Tsql disableDatabase() {
    return Tsql.outsideTransaction("ALTER DATABASE CURRENT SET CHANGE_TRACKING = OFF");
  }

  public static Tsql enableTable(String schema, String table) {
    return Tsql.of("ALTER TABLE " + ids.quote(schema, table) + " ENABLE CHANGE_TRACKING");
  }

  public static Tsql disableTable(String schema, String table) {
    return Tsql.of("ALTER TABLE " + ids.quote(schema, table) + " DISABLE CHANGE_TRACKING");
  }

  /** One row: the version of the last committed change (0 before any). */
  public static Tsql currentVersion() {
    return Tsql.of("SELECT COALESCE(CHANGE_TRACKING_CURRENT_VERSION(), 0)");
  }

  /**
   * One row: the oldest version the table's record is complete from; raised by the cleanup and by a
   * TRUNCATE (which removes the table's whole record). Null when the table is not tracked.
   */
  public static Tsql minValidVersion(String schema, String table) {
    return Tsql.of("SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?))", ids.quote(schema, table));
  }

  /** The net change per key since the version, counted by operation. Columns: I/U/D, count. */
  public static Tsql changeCounts(String schema, String table, long since) {
    return Tsql.of("SELECT ct.SYS_CHANGE_OPERATION, COUNT_BIG(*) FROM CHANGETABLE(CHANGES " + ids.quote(schema, table)
        + ", ?) AS ct GROUP BY ct.SYS_CHANGE_OPERATION", since);
  }

  /**
   * At most {@code limit} net changes since the version, deletes first, then inserts, then updates
   * (as the PostgreSQL listing orders its kinds), each kind in key order. Columns: I/U/D, the key's
   * values as text (from the record: present for deleted rows), then every column's value as text
   * (null for a row that is gone).
   *
   * @param columns the table's columns with their system type names
   */
  public static Tsql listedChanges(String schema, String table, List<String> keyColumns, List<Column> columns,
      long since, int limit) {
    String keys = keyColumns.stream().map(k -> asText("ct." + ids.quote(k), typeOf(k, columns)))
        .collect(Collectors.joining(", "));
    String values = columns.stream().map(c -> asText("t." + ids.quote(c.name()), c.type()))
        .collect(Collectors.joining(", "));
    String join = keyColumns.stream().map(k -> "t." + ids.quote(k) + " = ct." + ids.quote(k))
        .collect(Collectors.joining(" AND "));
    String order = keyColumns.stream().map(k -> "ct." + ids.quote(k)).collect(Collectors.joining(", "));
    return Tsql.of("SELECT TOP (?) ct.SYS_CHANGE_OPERATION, " + keys + ", " + values
        + " FROM CHANGETABLE(CHANGES " + ids.quote(schema, table) + ", ?) AS ct"
        + " LEFT JOIN " + ids.quote(schema, table) + " AS t ON " + join
        + " ORDER BY CASE ct.SYS_CHANGE_OPERATION WHEN N'D' THEN 0 WHEN N'I' THEN 1 ELSE 2 END, " + order,
        limit, since);
  }

  /** How an operator reads the complete record in the kept database, table by table. */
  public static String fullListing() {
    return "-- in the kept database, once per tracked table (replace [dbo].[table]):\n"
        + "DECLARE @since bigint = (SELECT CAST(CAST(value AS nvarchar(40)) AS bigint) FROM sys.extended_properties"
        + " WHERE class = 0 AND name = N'" + SINCE_PROPERTY + "');\n"
        + "SELECT ct.SYS_CHANGE_OPERATION, ct.* FROM CHANGETABLE(CHANGES [dbo].[table], @since) AS ct"
        + " ORDER BY ct.SYS_CHANGE_OPERATION;";
  }

  /**
   * A value as text that converts back to the same value: ISO 8601 for dates and times with
   * milliseconds or more, 17 digits for floats, four decimals for money, 0x-hex for binary types,
   * the CLR types' own ToString.
   */
  static String asText(String expression, String type) {
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "binary", "varbinary", "image", "timestamp" ->
          "CONVERT(varchar(max), CAST(" + expression + " AS varbinary(max)), 1)";
      case "datetime", "smalldatetime", "datetime2", "date" -> "CONVERT(nvarchar(max), " + expression + ", 126)";
      case "float", "real" -> "CONVERT(nvarchar(max), " + expression + ", 3)";
      case "money", "smallmoney" -> "CONVERT(nvarchar(max), " + expression + ", 2)";
      case "hierarchyid", "geometry", "geography" -> expression + ".ToString()";
      default -> "CONVERT(nvarchar(max), " + expression + ")";
    };
  }

  private static String typeOf(String column, List<Column> columns) {
    return columns.stream().filter(c -> c.name().equals(column)).map(Column::type).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("key column " + column + " is not among the table's columns"));
  }

  /** A column as {@link #columns} reads it. */
  public record Column(String name, String type, boolean identity, boolean computed) {
    /** Whether a statement may give it a value (computed columns and rowversions are the server's own). */
    public boolean writable() {
      return !computed && !"timestamp".equalsIgnoreCase(type);
    }

    public boolean binary() {
      return Set.of("binary", "varbinary", "image", "timestamp").contains(type.toLowerCase(Locale.ROOT));
    }
  }
}
