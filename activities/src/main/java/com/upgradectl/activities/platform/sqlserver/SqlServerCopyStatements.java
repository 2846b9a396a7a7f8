package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.pkg.ColumnSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every T-SQL text the SQL Server copier runs, in one place. Names go through {@link
 * SqlServerIdentifiers} only; values are bound parameters ({@link Query#parameters()}) except where
 * T-SQL takes no parameter (file names of CREATE DATABASE, the argument of DBCC CHECKIDENT, the text
 * of EXEC), where they are N'' literals from {@link #literal(String)}.
 *
 * <p>The instance methods are one table's statements; {@code sourceDatabase} is the database
 * snapshot production is read from (a three-part name), or null when production is read in
 * SNAPSHOT isolation.
 */
final class SqlServerCopyStatements {
  /** Where a resync stages production's rows before it swaps them in. */
  static final String STAGE_SCHEMA = "upgradectl_stage";
  /** Constraints and triggers an import disabled and must enable again; its existence marks an import in progress. */
  static final String PENDING_TABLE = "upgradectl_import_pending";
  /** Rows per checksum chunk: fixed, so that checksums taken by different workers and settings compare. */
  static final int CHECKSUM_CHUNK_ROWS = 10_000;
  /** What a NULL contributes to a row's checksum text; a value always starts with its length and ':'. */
  static final String NULL_MARKER = "~";
  static final String COLUMN_SEPARATOR = "|";
  /** The column the next-chunk query numbers its rows in; named so no table column is likely to clash. */
  static final String CHUNK_ROWS_COLUMN = "upgradectl_chunk_rows";

  /** A statement and the values bound to its {@code ?}, in order. */
  record Query(String sql, List<Object> parameters) {
    Query {
      parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    static Query of(String sql, Object... parameters) {
      return new Query(sql, List.of(parameters));
    }
  }

  /** Where rows go: the target table itself, or its staging copy. */
  record Destination(String schema, String table) {
    String quoted() {
      return name(schema, table);
    }

    @Override
    public String toString() {
      return schema + "." + table;
    }
  }

  /**
   * A range of the chunking key: above {@code after} (exclusive, null for no lower bound), up to
   * {@code upTo} (inclusive, null for no upper bound). Values as JDBC returned them, bound back as they are.
   */
  record KeyRange(List<Object> after, List<Object> upTo) {
    static final KeyRange ALL = new KeyRange(null, null);
  }

  /** One data file of a database snapshot: the source's logical file name and the sparse file's path. */
  record SnapshotFile(String logicalName, String path) {}

  private final TablePlan plan;
  private final String sourceDatabase;

  SqlServerCopyStatements(TablePlan plan, String sourceDatabase) {
    this.plan = plan;
    this.sourceDatabase = sourceDatabase;
  }

  TablePlan plan() {
    return plan;
  }

  Destination target() {
    return new Destination(plan.target().schema(), plan.target().name());
  }

  Destination stage() {
    return new Destination(STAGE_SCHEMA, plan.target().name());
  }

  // ---- one table: reading production, writing the pilot

  /** Production's mapped rows in the range, each column CAST to the target's type, in key order. */
  Query select(KeyRange range) {
    return select(range, plan.chunked());
  }

  /** The key {@link #select} reads production's rows in, ascending; empty when it reads them in no order. */
  List<KeyColumn> readOrder() {
    return plan.chunked() ? plan.key() : List.of();
  }

  private Query select(KeyRange range, boolean ordered) {
    List<Object> parameters = new ArrayList<>();
    String where = where(range, parameters);
    String order = ordered ? " ORDER BY " + names(sourceKey()) : "";
    return new Query("SELECT " + projection() + " FROM " + sourceTable() + where + order, parameters);
  }

  /**
   * Production's mapped rows of the given keys (values in the order of the plan's key, as JDBC read
   * them), through the same projection and filter as a whole copy: renamed columns, constants and
   * the package's expressions come out exactly as the import wrote them. T-SQL binds at most 2100
   * parameters: callers pass at most {@link #keysPerStatement} keys.
   */
  Query selectKeys(List<List<Object>> keys) {
    if (keys.isEmpty() || keys.size() > keysPerStatement()) {
      throw new IllegalArgumentException("between 1 and " + keysPerStatement() + " keys per statement, got " + keys.size());
    }
    List<Object> parameters = new ArrayList<>();
    List<String> alternatives = new ArrayList<>();
    for (List<Object> key : keys) {
      List<String> terms = new ArrayList<>();
      for (int i = 0; i < sourceKey().size(); i++) {
        terms.add(name(sourceKey().get(i)) + " = ?");
        parameters.add(key.get(i));
      }
      alternatives.add("(" + String.join(" AND ", terms) + ")");
    }
    String filter = plan.sourceFilter() == null ? "" : "(" + plan.sourceFilter() + ") AND ";
    return new Query("SELECT " + projection() + " FROM " + sourceTable() + " WHERE " + filter + "("
        + String.join(" OR ", alternatives) + ")", parameters);
  }

  /** Keys one statement can bind, leaving room under T-SQL's 2100 parameters. */
  int keysPerStatement() {
    return Math.max(1, 2000 / Math.max(1, plan.key().size()));
  }

  /**
   * The key that ends the next chunk and how many rows the chunk holds: the last of the next {@code
   * rows} keys after {@code after}; no row when production has no more. Run inside the read point,
   * so chunks never overlap or skip.
   */
  Query nextChunkEnd(List<Object> after, int rows) {
    List<String> key = sourceKey();
    List<Object> parameters = new ArrayList<>();
    parameters.add(rows);
    String where = where(new KeyRange(after, null), parameters);
    String sql = "SELECT TOP (1) " + qualified("k", key) + ", k." + name(CHUNK_ROWS_COLUMN)
        + " FROM (SELECT TOP (?) " + names(key) + ", ROW_NUMBER() OVER (ORDER BY " + names(key) + ") AS "
        + name(CHUNK_ROWS_COLUMN) + " FROM " + sourceTable() + where + " ORDER BY " + names(key) + ") AS k"
        + " ORDER BY k." + name(CHUNK_ROWS_COLUMN) + " DESC";
    return new Query(sql, parameters);
  }

  /** The highest key the destination holds: where a resumed copy continues. */
  String highestCopiedKey(Destination destination) {
    List<String> key = plan.key().stream().map(KeyColumn::target).toList();
    return "SELECT TOP (1) " + qualified("d", key) + " FROM " + destination.quoted() + " AS d ORDER BY "
        + key.stream().map(c -> "d." + name(c) + " DESC").collect(Collectors.joining(", "));
  }

  String count(Destination destination) {
    return "SELECT COUNT_BIG(*) FROM " + destination.quoted();
  }

  /** Chunked checksum of production's mapped rows (see {@link #checksum(String, List, List)}). */
  Query sourceChecksum() {
    Query all = select(KeyRange.ALL, false);
    return new Query(checksum("(" + all.sql() + ")", columnTypes(), orderKey()), all.parameters());
  }

  /** Chunked checksum of the mapped columns in the destination, computed exactly as on production. */
  String destinationChecksum(Destination destination) {
    return checksum(destination.quoted(), columnTypes(), orderKey());
  }

  private List<String[]> columnTypes() {
    return plan.columns().stream().map(c -> new String[] {c.target(), c.targetType()}).toList();
  }

  private List<String> orderKey() {
    return checksumOrder(plan.target().primaryKey(), plan.targetColumns());
  }

  /**
   * The columns a checksum's chunks follow: the target's primary key when the checksum covers all of
   * it (both sides then hold the same key values), else none (the row hashes). Every checksum of a
   * table, the post-switch check's included, orders by this same rule.
   */
  static List<String> checksumOrder(List<String> primaryKey, List<String> columns) {
    return !primaryKey.isEmpty() && columns.containsAll(primaryKey) ? List.copyOf(primaryKey) : List.of();
  }

  private String projection() {
    return plan.columns().stream()
        .map(c -> "CAST(" + expression(c) + " AS " + c.targetType() + ") AS " + name(c.target()))
        .collect(Collectors.joining(", "));
  }

  private String sourceTable() {
    return sourceDatabase == null
        ? name(plan.source().schema(), plan.source().name())
        : name(sourceDatabase, plan.source().schema(), plan.source().name());
  }

  private List<String> sourceKey() {
    return plan.key().stream().map(KeyColumn::source).toList();
  }

  private String expression(MappedColumn column) {
    if (column.source() instanceof ColumnSource.SourceColumn c) {
      return name(c.column());
    }
    if (column.source() instanceof ColumnSource.Constant c) {
      return literal(c.value());
    }
    // The package's SQL is the vendor's, trusted like its schema scripts; parenthesized so it stays one operand.
    return "(" + ((ColumnSource.Expression) column.source()).sql() + ")";
  }

  private String where(KeyRange range, List<Object> parameters) {
    List<String> conditions = new ArrayList<>();
    if (plan.sourceFilter() != null) {
      conditions.add("(" + plan.sourceFilter() + ")");
    }
    if (range.after() != null) {
      conditions.add(after(sourceKey(), range.after(), parameters));
    }
    if (range.upTo() != null) {
      conditions.add("NOT " + after(sourceKey(), range.upTo(), parameters));
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  /**
   * T-SQL has no row comparison: {@code (a, b) > (x, y)} is written {@code (a > x OR (a = x AND b >
   * y))}. Key columns are never NULL (they are a primary key's).
   */
  static String after(List<String> key, List<Object> values, List<Object> parameters) {
    if (values.size() != key.size()) {
      throw new IllegalArgumentException("a key of " + key.size() + " column(s) needs as many values, got " + values);
    }
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      List<String> terms = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        terms.add(name(key.get(j)) + " = ?");
        parameters.add(values.get(j));
      }
      terms.add(name(key.get(i)) + " > ?");
      parameters.add(values.get(i));
      alternatives.add(terms.size() == 1 ? terms.get(0) : "(" + String.join(" AND ", terms) + ")");
    }
    return "(" + String.join(" OR ", alternatives) + ")";
  }

  // ---- checksums

  /**
   * Count and checksum of rows, in chunks of {@value #CHECKSUM_CHUNK_ROWS} rows in key order (in the
   * order of the row hashes for a table without a key): one row per chunk with its row count and the
   * SHA-256 of its rows' SHA-256s in order; the caller folds the chunks into one checksum. Both sides
   * are computed by this same text over the same target types, so equal rows give equal checksums.
   *
   * @param from a table or a parenthesized query, aliased {@code r}
   * @param columns name and target type of each checksummed column
   * @param orderKey the key columns the chunks follow; empty to order by the row hashes
   */
  static String checksum(String from, List<String[]> columns, List<String> orderKey) {
    String rowHash = "HASHBYTES('SHA2_256', " + rowText(columns) + ")";
    String order = orderKey.isEmpty() ? rowHash : orderKey.stream().map(c -> "r." + name(c)).collect(Collectors.joining(", "));
    return "SELECT (y.rn - 1) / " + CHECKSUM_CHUNK_ROWS + " AS " + name("chunk") + ", COUNT_BIG(*) AS " + name("rows")
        + ", HASHBYTES('SHA2_256', STRING_AGG(CAST(y.h AS varchar(max)), '') WITHIN GROUP (ORDER BY y.rn)) AS "
        + name("hash")
        + " FROM (SELECT ROW_NUMBER() OVER (ORDER BY " + order + ") AS rn, CONVERT(varchar(64), " + rowHash + ", 2) AS h"
        + " FROM " + from + " AS r) AS y"
        + " GROUP BY (y.rn - 1) / " + CHECKSUM_CHUNK_ROWS + " ORDER BY " + name("chunk");
  }

  /**
   * A row as one text: each column as its length in bytes, ':' and its text, or {@value #NULL_MARKER}
   * for NULL, each followed by {@value #COLUMN_SEPARATOR}. The length keeps a separator inside a value
   * from shifting columns, and tells NULL from the empty string ('0:').
   */
  static String rowText(List<String[]> columns) {
    List<String> parts = new ArrayList<>();
    for (String[] column : columns) {
      String text = asText("r." + name(column[0]), column[1]);
      parts.add("ISNULL(CONVERT(nvarchar(20), DATALENGTH(" + text + ")) + N':' + " + text + ", " + literal(NULL_MARKER) + ")");
      parts.add(literal(COLUMN_SEPARATOR));
    }
    return "CONCAT(" + String.join(", ", parts) + ")";
  }

  /**
   * A value as text that keeps everything the type holds: binary as hex, float with all 17 digits,
   * money with its 4 decimals, dates with their fractions (the default styles drop some of these).
   */
  static String asText(String value, String type) {
    String base = baseType(type);
    return switch (base) {
      case "binary", "varbinary", "image", "timestamp", "rowversion" ->
          "CONVERT(nvarchar(max), CONVERT(varbinary(max), " + value + "), 2)";
      case "float", "real" -> "CONVERT(nvarchar(max), " + value + ", 3)";
      case "money", "smallmoney" -> "CONVERT(nvarchar(max), " + value + ", 2)";
      case "datetime", "smalldatetime", "datetime2", "date", "time" -> "CONVERT(nvarchar(max), " + value + ", 121)";
      default -> "CONVERT(nvarchar(max), " + value + ")";
    };
  }

  private static String baseType(String type) {
    String lower = type.strip().toLowerCase(Locale.ROOT);
    int paren = lower.indexOf('(');
    return (paren < 0 ? lower : lower.substring(0, paren)).strip();
  }

  // ---- the read point

  /** EngineEdition (2 Standard, 3 Enterprise/Developer/Evaluation, 4 Express, 5 Azure SQL Database, 8 Managed Instance) and version. */
  static String serverFacts() {
    return "SELECT CAST(SERVERPROPERTY('EngineEdition') AS int), CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)),"
        + " CAST(SERVERPROPERTY('Edition') AS nvarchar(128))";
  }

  /** Parameter: the database's name. Type 0 data (ROWS), 1 log, 2 FILESTREAM / memory-optimized. */
  static String databaseFiles() {
    return "SELECT f.name, f.physical_name, f.type FROM sys.master_files AS f WHERE f.database_id = DB_ID(?)"
        + " ORDER BY f.file_id";
  }

  /** Parameter: the database's name. */
  static String readOnly() {
    return "SELECT is_read_only FROM sys.databases WHERE name = ?";
  }

  /** Parameter: the database's name. 0 off, 1 on, 2 turning off, 3 turning on. */
  static String snapshotIsolationState() {
    return "SELECT snapshot_isolation_state FROM sys.databases WHERE name = ?";
  }

  static String allowSnapshotIsolation(String database) {
    return "ALTER DATABASE " + name(database) + " SET ALLOW_SNAPSHOT_ISOLATION ON";
  }

  /** One entry per data file of the source; a snapshot has no log file. */
  static String createSnapshot(String snapshot, String database, List<SnapshotFile> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a database snapshot needs the data files of " + database);
    }
    return "CREATE DATABASE " + name(snapshot) + " ON "
        + files.stream().map(f -> "(NAME = " + name(f.logicalName()) + ", FILENAME = " + literal(f.path()) + ")")
            .collect(Collectors.joining(", "))
        + " AS SNAPSHOT OF " + name(database);
  }

  /** Parameters: the snapshot's name, the source database's name. Finds only a snapshot OF that database. */
  static String snapshotOf() {
    return "SELECT name FROM sys.databases WHERE name = ? AND source_database_id = DB_ID(?)";
  }

  static String dropDatabase(String database) {
    return "DROP DATABASE " + name(database);
  }

  // ---- the catalog (bound parameters; tables of the connection's default schema)

  static String tables() {
    return "SELECT t.object_id, s.name, t.name,"
        + " (SELECT COALESCE(SUM(p.rows), 0) FROM sys.partitions AS p WHERE p.object_id = t.object_id AND p.index_id IN (0, 1)),"
        // pages in use by the heap or clustered index, row-overflow and LOB data included: the bytes of the rows
        + " (SELECT COALESCE(SUM(a.used_pages), 0) * 8192 FROM sys.partitions AS p JOIN sys.allocation_units AS a"
        + " ON a.container_id = CASE WHEN a.type IN (1, 3) THEN p.hobt_id ELSE p.partition_id END"
        + " WHERE p.object_id = t.object_id AND p.index_id IN (0, 1))"
        + " FROM sys.tables AS t JOIN sys.schemas AS s ON s.schema_id = t.schema_id"
        + " WHERE s.name = SCHEMA_NAME() AND t.is_ms_shipped = 0 ORDER BY t.name";
  }

  static String columns() {
    return "SELECT c.object_id, c.name, ty.name, c.max_length, c.precision, c.scale, c.is_nullable,"
        + " CASE WHEN c.default_object_id <> 0 THEN 1 ELSE 0 END, c.is_computed, c.is_identity,"
        + " CASE WHEN ty.system_type_id = 189 THEN 1 ELSE 0 END"
        + " FROM sys.columns AS c JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id"
        + " JOIN sys.tables AS t ON t.object_id = c.object_id"
        + " WHERE t.schema_id = SCHEMA_ID() AND t.is_ms_shipped = 0 ORDER BY c.object_id, c.column_id";
  }

  static String primaryKeys() {
    return "SELECT i.object_id, c.name FROM sys.indexes AS i"
        + " JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
        + " JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
        + " JOIN sys.tables AS t ON t.object_id = i.object_id"
        + " WHERE i.is_primary_key = 1 AND t.schema_id = SCHEMA_ID() ORDER BY i.object_id, ic.key_ordinal";
  }

  /** Foreign keys from or to the tables: {@code count} parameters, each a table's object_id. */
  static String foreignKeysTouching(int count) {
    String ids = placeholders(count);
    return "SELECT fk.name, SCHEMA_NAME(p.schema_id), p.name, SCHEMA_NAME(r.schema_id), r.name"
        + " FROM sys.foreign_keys AS fk JOIN sys.tables AS p ON p.object_id = fk.parent_object_id"
        + " JOIN sys.tables AS r ON r.object_id = fk.referenced_object_id"
        + " WHERE fk.parent_object_id IN (" + ids + ") OR fk.referenced_object_id IN (" + ids + ")"
        + " ORDER BY p.name, fk.name";
  }

  /** Enabled foreign keys and check constraints of the tables: {@code count} object_id parameters. */
  static String enabledConstraints(int count) {
    return "SELECT SCHEMA_NAME(t.schema_id), t.name, c.name FROM ("
        + "SELECT name, parent_object_id FROM sys.foreign_keys WHERE is_disabled = 0"
        + " UNION ALL SELECT name, parent_object_id FROM sys.check_constraints WHERE is_disabled = 0) AS c"
        + " JOIN sys.tables AS t ON t.object_id = c.parent_object_id"
        + " WHERE c.parent_object_id IN (" + placeholders(count) + ") ORDER BY t.name, c.name";
  }

  /** Enabled DML triggers of the tables: {@code count} object_id parameters. */
  static String enabledTriggers(int count) {
    return "SELECT SCHEMA_NAME(t.schema_id), t.name, tr.name FROM sys.triggers AS tr"
        + " JOIN sys.tables AS t ON t.object_id = tr.parent_id"
        + " WHERE tr.is_disabled = 0 AND tr.parent_id IN (" + placeholders(count) + ") ORDER BY t.name, tr.name";
  }

  /**
   * Enabled constraints the optimizer does not trust: {@code count} object_id parameters. NOT FOR
   * REPLICATION constraints are never trusted and are left out.
   */
  static String untrustedConstraints(int count) {
    return "SELECT t.name, c.name FROM ("
        + "SELECT name, parent_object_id FROM sys.foreign_keys"
        + " WHERE is_not_trusted = 1 AND is_disabled = 0 AND is_not_for_replication = 0"
        + " UNION ALL SELECT name, parent_object_id FROM sys.check_constraints"
        + " WHERE is_not_trusted = 1 AND is_disabled = 0 AND is_not_for_replication = 0) AS c"
        + " JOIN sys.tables AS t ON t.object_id = c.parent_object_id"
        + " WHERE c.parent_object_id IN (" + placeholders(count) + ") ORDER BY t.name, c.name";
  }

  /** Parameters: schema, table. Column names and types of a table in column order (none: no such table). */
  static String columnSignature() {
    return "SELECT c.name, ty.name, c.max_length, c.precision, c.scale FROM sys.columns AS c"
        + " JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id"
        + " WHERE c.object_id = OBJECT_ID(QUOTENAME(?) + N'.' + QUOTENAME(?)) ORDER BY c.column_id";
  }

  /** Parameters: schema, table. */
  static String tableExists() {
    return "SELECT 1 FROM sys.tables WHERE schema_id = SCHEMA_ID(?) AND name = ?";
  }

  static String defaultSchema() {
    return "SELECT SCHEMA_NAME()";
  }

  /** A type as a column definition writes it, from sys.columns/sys.types ({@code max_length} in bytes, -1 for max). */
  static String typeName(String type, int maxLength, int precision, int scale) {
    String base = type.toLowerCase(Locale.ROOT);
    return switch (base) {
      case "nvarchar", "nchar" -> type + "(" + (maxLength < 0 ? "max" : String.valueOf(maxLength / 2)) + ")";
      case "varchar", "char", "varbinary", "binary" -> type + "(" + (maxLength < 0 ? "max" : String.valueOf(maxLength)) + ")";
      case "decimal", "numeric" -> type + "(" + precision + "," + scale + ")";
      case "datetime2", "time", "datetimeoffset" -> type + "(" + scale + ")";
      default -> type;
    };
  }

  // ---- the load's nonclustered indexes

  /**
   * Enabled nonclustered rowstore indexes of the tables ({@code count} object_id parameters) that a
   * load may go without: not a primary key (a chunked copy resumes by it), not one a foreign key
   * refers to (disabling it would disable that key too, on any table, recorded or not), not a
   * full-text key. The clustered index is never among them: disabling it takes the table offline.
   */
  static String loadIndexes(int count) {
    return "SELECT SCHEMA_NAME(t.schema_id), t.name, i.name FROM sys.indexes AS i"
        + " JOIN sys.tables AS t ON t.object_id = i.object_id"
        + " WHERE i.type = 2 AND i.is_disabled = 0 AND i.is_primary_key = 0 AND i.is_hypothetical = 0"
        + " AND NOT EXISTS (SELECT 1 FROM sys.foreign_keys AS fk"
        + " WHERE fk.referenced_object_id = i.object_id AND fk.key_index_id = i.index_id)"
        + " AND NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes AS ft"
        + " WHERE ft.object_id = i.object_id AND ft.unique_index_id = i.index_id)"
        + " AND i.object_id IN (" + placeholders(count) + ") ORDER BY t.name, i.name";
  }

  /**
   * Parameters: schema, table. The clustered rowstore index's key columns in key order, with
   * is_descending_key; no row for a heap or a clustered columnstore (type 5, no key order). A
   * partitioning column outside the key has key_ordinal 0.
   */
  static String clusteredKey() {
    return "SELECT c.name, ic.is_descending_key FROM sys.indexes AS i"
        + " JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
        + " JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
        + " WHERE i.object_id = OBJECT_ID(QUOTENAME(?) + N'.' + QUOTENAME(?)) AND i.type = 1 AND ic.key_ordinal > 0"
        + " ORDER BY ic.key_ordinal";
  }

  /** Parameters: schema, table, index. One row, is_disabled, while the index exists. */
  static String indexDisabled() {
    return "SELECT i.is_disabled FROM sys.indexes AS i"
        + " WHERE i.object_id = OBJECT_ID(QUOTENAME(?) + N'.' + QUOTENAME(?)) AND i.name = ?";
  }

  /** Drops the index's rows and keeps its definition: the load writes no index but the table's own. */
  static String disableIndex(String schema, String table, String index) {
    return "ALTER INDEX " + name(index) + " ON " + name(schema, table) + " DISABLE";
  }

  /** Builds the index again from the loaded rows in one sort, and enables it. */
  static String rebuildIndex(String schema, String table, String index) {
    return "ALTER INDEX " + name(index) + " ON " + name(schema, table) + " REBUILD";
  }

  // ---- constraints, triggers, identities

  static String disableConstraint(String schema, String table, String constraint) {
    return "ALTER TABLE " + name(schema, table) + " NOCHECK CONSTRAINT " + name(constraint);
  }

  /** WITH CHECK: every row is checked, so the constraint is trusted again. */
  static String enableConstraint(String schema, String table, String constraint) {
    return "ALTER TABLE " + name(schema, table) + " WITH CHECK CHECK CONSTRAINT " + name(constraint);
  }

  static String disableTrigger(String schema, String table, String trigger) {
    return "ALTER TABLE " + name(schema, table) + " DISABLE TRIGGER " + name(trigger);
  }

  static String enableTrigger(String schema, String table, String trigger) {
    return "ALTER TABLE " + name(schema, table) + " ENABLE TRIGGER " + name(trigger);
  }

  static String createPending(String schema) {
    return "IF OBJECT_ID(" + literal(name(schema, PENDING_TABLE)) + ", 'U') IS NULL CREATE TABLE "
        + name(schema, PENDING_TABLE) + " (kind nvarchar(20) NOT NULL, table_schema sysname NOT NULL,"
        + " table_name sysname NOT NULL, object_name sysname NOT NULL,"
        + " PRIMARY KEY (kind, table_schema, table_name, object_name))";
  }

  /**
   * Parameters: kind ('index', 'constraint', 'trigger'), schema, table, name, twice. An object already
   * recorded stays recorded once: a retried import may find enabled again what an earlier attempt
   * disabled and recorded.
   */
  static String recordPending(String schema) {
    return "IF NOT EXISTS (SELECT 1 FROM " + name(schema, PENDING_TABLE)
        + " WHERE kind = ? AND table_schema = ? AND table_name = ? AND object_name = ?) INSERT INTO "
        + name(schema, PENDING_TABLE) + " (kind, table_schema, table_name, object_name) VALUES (?, ?, ?, ?)";
  }

  /** Indexes first, so that checking the constraints WITH CHECK can read through them. */
  static String pending(String schema) {
    return "SELECT kind, table_schema, table_name, object_name FROM " + name(schema, PENDING_TABLE)
        + " ORDER BY CASE kind WHEN " + literal(SqlServerLoadIndexes.INDEX) + " THEN 0 ELSE 1 END,"
        + " kind, table_schema, table_name, object_name";
  }

  /** Parameters: kind, schema, table, name. */
  static String forgetPending(String schema) {
    return "DELETE FROM " + name(schema, PENDING_TABLE)
        + " WHERE kind = ? AND table_schema = ? AND table_name = ? AND object_name = ?";
  }

  static String dropPending(String schema) {
    return "DROP TABLE IF EXISTS " + name(schema, PENDING_TABLE);
  }

  /** TRUNCATE is refused on a table a foreign key refers to, even a disabled one. */
  static String deleteAll(Destination destination) {
    return "DELETE FROM " + destination.quoted();
  }

  /**
   * Without a value, CHECKIDENT moves the identity past the highest value in the column and never
   * backwards. Its argument is a string holding the quoted name.
   */
  static String reseedIdentity(String schema, String table) {
    return "DBCC CHECKIDENT (" + literal(name(schema, table)) + ", RESEED) WITH NO_INFOMSGS";
  }

  static String updateStatistics(String schema, String table) {
    return "UPDATE STATISTICS " + name(schema, table);
  }

  static String identityInsert(String schema, String table, boolean on) {
    return "SET IDENTITY_INSERT " + name(schema, table) + (on ? " ON" : " OFF");
  }

  /** Parameter: schema, table. Whether the table has an identity column. */
  static String hasIdentity() {
    return "SELECT 1 FROM sys.identity_columns WHERE object_id = OBJECT_ID(QUOTENAME(?) + N'.' + QUOTENAME(?))";
  }

  /** Milliseconds the resync's swap waits for the pilot's sessions to release the data tables. */
  static String lockTimeout(int milliseconds) {
    return "SET LOCK_TIMEOUT " + milliseconds;
  }

  // ---- the resync's staging tables

  /** CREATE SCHEMA must open its batch, hence EXEC. */
  static String createStageSchema() {
    return "IF SCHEMA_ID(" + literal(STAGE_SCHEMA) + ") IS NULL EXEC(" + literal("CREATE SCHEMA " + name(STAGE_SCHEMA)) + ")";
  }

  static String dropStageSchema() {
    return "IF SCHEMA_ID(" + literal(STAGE_SCHEMA) + ") IS NOT NULL EXEC(" + literal("DROP SCHEMA " + name(STAGE_SCHEMA)) + ")";
  }

  static String dropStageTable(String table) {
    return "DROP TABLE IF EXISTS " + name(STAGE_SCHEMA, table);
  }

  /**
   * The target's mapped columns with their types and identity, none of its constraints: the rows are
   * checked when they move into the target.
   */
  static String createStageTable(String schema, String table, List<String> columns) {
    return "SELECT TOP (0) " + names(columns) + " INTO " + name(STAGE_SCHEMA, table) + " FROM " + name(schema, table);
  }

  /** Identity values are kept (IDENTITY_INSERT is on for the table), like the import's bulk copy keeps them. */
  static String insertFromStage(String schema, String table, List<String> columns) {
    return "INSERT INTO " + name(schema, table) + " WITH (TABLOCKX) (" + names(columns) + ") SELECT " + names(columns)
        + " FROM " + name(STAGE_SCHEMA, table);
  }

  // ---- names and literals

  static String name(String... parts) {
    return SqlServerIdentifiers.INSTANCE.quote(parts);
  }

  static String names(List<String> columns) {
    return columns.stream().map(SqlServerCopyStatements::name).collect(Collectors.joining(", "));
  }

  /**
   * A Unicode string literal. T-SQL strings have no escape character: doubling the quote is the
   * whole of escaping. Used only where T-SQL takes no bound parameter.
   */
  static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a string literal cannot hold a NUL character");
    }
    return "N'" + value.replace("'", "''") + "'";
  }

  private static String qualified(String alias, List<String> columns) {
    return columns.stream().map(c -> alias + "." + name(c)).collect(Collectors.joining(", "));
  }

  private static String placeholders(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one table is needed");
    }
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
