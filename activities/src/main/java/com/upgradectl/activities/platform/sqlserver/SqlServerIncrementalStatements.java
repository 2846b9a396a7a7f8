package com.upgradectl.activities.platform.sqlserver;

import static com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.literal;
import static com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.name;
import static com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.names;

import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TablePlan;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pilot-side T-SQL of a refresh by changed keys, for one table: the keys in a table of their own
 * (kept while production is frozen, so the post-switch check looks at the same rows), production's
 * rows of those keys staged like a resync's ({@link SqlServerCopyStatements#stage()}), then the
 * pilot's rows of those keys updated in place or inserted, and those production no longer has
 * deleted. Every write carries our Change Tracking context, so the pilot's record tells testers'
 * writes from ours.
 */
final class SqlServerIncrementalStatements {
  /** Where the keys a refresh applied are kept; the same name as on PostgreSQL. */
  static final String KEYS_SCHEMA = "upgradectl_stage_keys";
  /** T-SQL's table value constructor takes at most 1000 rows. */
  static final int MAX_VALUES_ROWS = 1000;

  private final TablePlan plan;

  SqlServerIncrementalStatements(TablePlan plan) {
    this.plan = plan;
  }

  static String createKeysSchema() {
    return "IF SCHEMA_ID(" + literal(KEYS_SCHEMA) + ") IS NULL EXEC(" + literal("CREATE SCHEMA " + name(KEYS_SCHEMA)) + ")";
  }

  static String dropKeysSchema() {
    return "IF SCHEMA_ID(" + literal(KEYS_SCHEMA) + ") IS NOT NULL EXEC(" + literal("DROP SCHEMA " + name(KEYS_SCHEMA)) + ")";
  }

  /** The keys tables a refresh left (for the post-switch check). Column: table name. */
  static String keysTables() {
    return "SELECT name FROM sys.tables WHERE schema_id = SCHEMA_ID(" + literal(KEYS_SCHEMA) + ")";
  }

  static String dropKeysTable(String table) {
    return "DROP TABLE IF EXISTS " + name(KEYS_SCHEMA, table);
  }

  String keysTable() {
    return name(KEYS_SCHEMA, plan.name());
  }

  String dropKeys() {
    return dropKeysTable(plan.name());
  }

  /**
   * The key columns with the target's types. Each is CAST so that SELECT INTO does not carry an
   * identity over (the keys are inserted as values).
   */
  String createKeys() {
    return "SELECT TOP (0) " + keyColumns().stream().map(c -> "CAST(" + name(c) + " AS " + typeOf(c) + ") AS " + name(c))
        .collect(Collectors.joining(", ")) + " INTO " + keysTable() + " FROM " + target();
  }

  /** {@code rows} keys as bound values, in the plan's key order. */
  String insertKeys(int rows) {
    if (rows < 1 || rows > MAX_VALUES_ROWS) {
      throw new IllegalArgumentException("between 1 and " + MAX_VALUES_ROWS + " keys per statement, got " + rows);
    }
    String row = "(" + String.join(", ", Collections.nCopies(keyColumns().size(), "?")) + ")";
    return "INSERT INTO " + keysTable() + " (" + names(keyColumns()) + ") VALUES "
        + String.join(", ", Collections.nCopies(rows, row));
  }

  /** Keys one {@link #insertKeys} can bind, under T-SQL's 2100 parameters and 1000 rows. */
  int keysPerInsert() {
    return Math.min(MAX_VALUES_ROWS, Math.max(1, 2000 / keyColumns().size()));
  }

  /**
   * One staged row per key as the pilot's collation compares keys: two spellings Java tells apart
   * ('abc' and 'ABC' under a case-insensitive collation) may have staged the same production row twice
   * from different statements. Both copies are that row, so which one stays does not matter.
   */
  String dedupeStage() {
    return "WITH d AS (SELECT ROW_NUMBER() OVER (PARTITION BY " + names(keyColumns()) + " ORDER BY (SELECT NULL)) AS n"
        + " FROM " + stage() + ") DELETE FROM d WHERE n > 1";
  }

  /**
   * The pilot's rows of changed keys that production no longer has. Run children first, after every
   * table's rows were updated and inserted: a child moved to another parent no longer refers to the
   * one that goes.
   */
  String deleteGone() {
    return SqlServerCaptureStatements.withOwnContext("DELETE t FROM " + target() + " AS t WHERE EXISTS (SELECT 1 FROM "
        + keysTable() + " AS k WHERE " + equal("t", "k") + ") AND NOT EXISTS (SELECT 1 FROM " + stage() + " AS s WHERE "
        + equal("t", "s") + ")");
  }

  /**
   * The pilot's rows of changed keys production still has, written over in place (parents first)
   * rather than deleted and inserted: a row that children of unchanged keys refer to cannot be
   * deleted while the pilot's foreign keys are in force. Null when the table has no column but its key.
   */
  String updateChanged() {
    List<String> others = plan.targetColumns().stream().filter(c -> !keyColumns().contains(c)).toList();
    if (others.isEmpty()) {
      return null;
    }
    return SqlServerCaptureStatements.withOwnContext("UPDATE t SET "
        + others.stream().map(c -> name(c) + " = s." + name(c)).collect(Collectors.joining(", "))
        + " FROM " + target() + " AS t JOIN " + stage() + " AS s ON " + equal("t", "s"));
  }

  /** Production's rows of changed keys the pilot does not have (parents first). */
  String insertNew() {
    return SqlServerCaptureStatements.withOwnContext("INSERT INTO " + target() + " (" + names(plan.targetColumns())
        + ") SELECT " + plan.targetColumns().stream().map(c -> "s." + name(c)).collect(Collectors.joining(", "))
        + " FROM " + stage() + " AS s WHERE NOT EXISTS (SELECT 1 FROM " + target() + " AS t WHERE " + equal("t", "s")
        + ")");
  }

  /** A table copied whole inside the refresh: every row goes, the staged ones come in. */
  String deleteAll() {
    return SqlServerCaptureStatements.withOwnContext(SqlServerCopyStatements.deleteAll(
        new SqlServerCopyStatements.Destination(plan.target().schema(), plan.name())));
  }

  String insertStaged() {
    return SqlServerCaptureStatements.withOwnContext(SqlServerCopyStatements.insertFromStage(plan.target().schema(),
        plan.name(), plan.targetColumns()));
  }

  /**
   * Testers may read on; their writes wait for the refresh's commit (a shared table lock held to the
   * end), so every one of them either committed before, and is in the pilot's record up to the version
   * read next, or comes after, with a later version.
   */
  String holdWriters() {
    return "SELECT TOP (1) 1 FROM " + target() + " WITH (TABLOCK, HOLDLOCK)";
  }

  /** Checksum of the pilot's rows of the changed keys, as every checksum of the table is computed. */
  String sumOfKeys() {
    return sumOfKeys(plan.target().schema(), plan.name(), keyColumns(),
        plan.columns().stream().map(c -> new String[] {c.target(), c.targetType()}).toList(),
        SqlServerCopyStatements.checksumOrder(plan.target().primaryKey(), plan.targetColumns()));
  }

  /** The same, for the table wherever it lives now (the pilot after it became production). */
  static String sumOfKeys(String schema, String table, List<String> keyColumns, List<String[]> columns,
      List<String> orderKey) {
    String join = keyColumns.stream().map(c -> "t." + name(c) + " = k." + name(c)).collect(Collectors.joining(" AND "));
    return SqlServerCopyStatements.checksum("(SELECT t.* FROM " + name(schema, table) + " AS t WHERE EXISTS (SELECT 1 FROM "
        + name(KEYS_SCHEMA, table) + " AS k WHERE " + join + "))", columns, orderKey);
  }

  List<String> keyColumns() {
    return plan.key().stream().map(KeyColumn::target).toList();
  }

  private String typeOf(String column) {
    return plan.columns().stream().filter(c -> c.target().equals(column)).map(MappedColumn::targetType).findFirst()
        .orElseThrow(() -> new IllegalStateException("key column " + column + " of " + plan.name() + " is not mapped"));
  }

  private String stage() {
    return name(SqlServerCopyStatements.STAGE_SCHEMA, plan.name());
  }

  private String target() {
    return name(plan.target().schema(), plan.name());
  }

  private String equal(String left, String right) {
    return keyColumns().stream().map(c -> left + "." + name(c) + " = " + right + "." + name(c))
        .collect(Collectors.joining(" AND "));
  }
}
