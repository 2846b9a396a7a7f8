package com.upgradectl.activities.platform.sqlserver;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The T-SQL of the refreshes' change capture on SQL Server (Change Tracking, see {@link
 * SqlServerChangeCapture}) that the switch-back's record does not already have in {@link
 * SqlServerChangeTrackingStatements}. Identifiers go through {@link SqlServerIdentifiers} only;
 * values are bound parameters.
 */
final class SqlServerCaptureStatements {
  /** Database property, present when the capture turned Change Tracking on for the database. */
  static final String DATABASE_PROPERTY = "upgradectl_capture_database";
  /** Table property on each table the capture enabled Change Tracking for. */
  static final String TABLE_PROPERTY = "upgradectl_capture";
  /**
   * Table property on every captured table: a digest of its columns and key when the capture began,
   * so a schema change (which Change Tracking does not report) makes the table copied whole.
   */
  static final String COLUMNS_PROPERTY = "upgradectl_capture_columns";
  /** Where the pilot records the versions its data-record rows reflect. */
  static final String SCHEMA = "upgradectl_capture";
  static final String APPLIED_TABLE = "applied";
  /**
   * The Change Tracking context our own writes in the pilot carry ("upgradectl" in ASCII): a key whose
   * last change is ours holds production's row already and is not a tester's write.
   */
  static final String OWN_CONTEXT = "0x7570677261646563746C";

  private static final SqlServerIdentifiers ids = SqlServerIdentifiers.INSTANCE;

  private SqlServerCaptureStatements() {}

  /** One row: 1 when the connection's database is READ_ONLY (frozen), else 0. */
  static String readOnly() {
    return "SELECT CAST(is_read_only AS int) FROM sys.databases WHERE database_id = DB_ID()";
  }

  /** Captured tables with the digest of their columns. Columns: schema, table, digest. */
  static Tsql columnDigests() {
    return Tsql.of("SELECT s.name, t.name, CAST(p.value AS nvarchar(4000)) FROM sys.extended_properties p"
        + " JOIN sys.tables t ON p.class = 1 AND p.major_id = t.object_id AND p.minor_id = 0"
        + " JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE p.name = ?", COLUMNS_PROPERTY);
  }

  /** The table's columns, types and primary key, as text that changes when any of them does. */
  static Tsql columnSignature(String schema, String table) {
    return Tsql.of("SELECT c.name, TYPE_NAME(c.user_type_id), c.max_length, c.precision, c.scale, c.is_nullable,"
        + " COALESCE(ic.key_ordinal, 0) FROM sys.columns c"
        + " LEFT JOIN sys.indexes i ON i.object_id = c.object_id AND i.is_primary_key = 1"
        + " LEFT JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
        + " AND ic.column_id = c.column_id"
        + " WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id", ids.quote(schema, table));
  }

  /**
   * One row: whether the login may turn Change Tracking on for the database (ALTER), and whether it
   * may read a table's changes and enable them (VIEW CHANGE TRACKING, ALTER), 1 or 0 each.
   */
  static Tsql databasePermission() {
    return Tsql.of("SELECT HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'ALTER')");
  }

  static Tsql tablePermissions(String schema, String table) {
    String name = ids.quote(schema, table);
    return Tsql.of("SELECT HAS_PERMS_BY_NAME(?, 'OBJECT', 'VIEW CHANGE TRACKING'), HAS_PERMS_BY_NAME(?, 'OBJECT', 'ALTER')",
        name, name);
  }

  /** The key of every row changed since the version, once per key (net). Columns: the key's, in order. */
  static Tsql changedKeys(String schema, String table, List<String> keyColumns, long since) {
    return Tsql.of("SELECT " + keyColumns.stream().map(k -> "ct." + ids.quote(k)).collect(Collectors.joining(", "))
        + " FROM CHANGETABLE(CHANGES " + ids.quote(schema, table) + ", ?) AS ct", since);
  }

  /** The same, leaving out keys whose last change was our own (made {@link #withOwnContext}). */
  static Tsql changedKeysNotOurs(String schema, String table, List<String> keyColumns, long since) {
    return notOurs(changedKeys(schema, table, keyColumns, since));
  }

  /** One row: how many keys changed since the version. */
  static Tsql changedKeyCount(String schema, String table, long since) {
    return Tsql.of("SELECT COUNT_BIG(*) FROM CHANGETABLE(CHANGES " + ids.quote(schema, table) + ", ?) AS ct", since);
  }

  /**
   * The same, leaving out our own: otherwise a table the refresh wrote whole would count every row as
   * changed at the next refresh, and be copied whole again and again.
   */
  static Tsql changedKeyCountNotOurs(String schema, String table, long since) {
    return notOurs(changedKeyCount(schema, table, since));
  }

  private static Tsql notOurs(Tsql query) {
    return new Tsql(query.text() + " WHERE ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> " + OWN_CONTEXT,
        query.parameters(), false);
  }

  /** A DML statement whose changes Change Tracking records with our context. */
  static String withOwnContext(String dml) {
    return "WITH CHANGE_TRACKING_CONTEXT (" + OWN_CONTEXT + ") " + dml;
  }

  // ---- in the pilot: the versions its rows reflect

  /** CREATE SCHEMA must open its batch, hence EXEC. */
  static Tsql createSchema() {
    return Tsql.of("IF SCHEMA_ID(?) IS NULL EXEC(N'CREATE SCHEMA " + ids.quote(SCHEMA).replace("'", "''") + "')", SCHEMA);
  }

  static Tsql createAppliedTable() {
    return Tsql.of("IF OBJECT_ID(?, 'U') IS NULL CREATE TABLE " + applied()
        + " (production_version bigint NOT NULL, pilot_version bigint NOT NULL, applied_at datetime2 NOT NULL)",
        applied());
  }

  /** One row: 1 once the pilot has a table of applied versions, else 0. */
  static Tsql appliedExists() {
    return Tsql.of("SELECT CASE WHEN OBJECT_ID(?, 'U') IS NULL THEN 0 ELSE 1 END", applied());
  }

  /** One row: production's version, the pilot's (none before the first is recorded). */
  static Tsql readApplied() {
    return Tsql.of("SELECT production_version, pilot_version FROM " + applied());
  }

  /** Run twice in the caller's transaction: the old row out, the new one in. */
  static Tsql forgetApplied() {
    return Tsql.of("DELETE FROM " + applied());
  }

  static Tsql recordApplied(long productionVersion, long pilotVersion) {
    return Tsql.of("INSERT INTO " + applied() + " (production_version, pilot_version, applied_at)"
        + " VALUES (?, ?, SYSUTCDATETIME())", productionVersion, pilotVersion);
  }

  static Tsql dropAppliedTable() {
    return Tsql.of("DROP TABLE IF EXISTS " + applied());
  }

  static Tsql dropSchema() {
    return Tsql.of("IF SCHEMA_ID(?) IS NOT NULL EXEC(N'DROP SCHEMA " + ids.quote(SCHEMA).replace("'", "''") + "')",
        SCHEMA);
  }

  private static String applied() {
    return ids.quote(SCHEMA, APPLIED_TABLE);
  }
}
