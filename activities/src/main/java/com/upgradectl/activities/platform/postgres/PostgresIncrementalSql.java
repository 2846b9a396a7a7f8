package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;
import static com.upgradectl.activities.platform.postgres.PostgresCopySql.names;

import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.TablePlan;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pilot-side statements of an incremental refresh for one table: the changed keys in a table of
 * their own, production's current rows of those keys in a temporary table, then rows whose key
 * production no longer has deleted and the others inserted or updated in place.
 */
final class PostgresIncrementalSql {
  /** Where the keys a refresh applied are kept, so the post-switch check can look at the same rows. */
  static final String KEYS_SCHEMA = "upgradectl_stage_keys";

  private final TablePlan plan;

  PostgresIncrementalSql(TablePlan plan) {
    this.plan = plan;
  }

  /**
   * Where production's rows of the changed keys wait to be applied: unlogged tables created and
   * dropped inside the refresh's transaction, so that a crash leaves none. Not temporary tables:
   * those live in a session's few megabytes of temp_buffers and spill to disk at 50,000 rows.
   */
  static final String ROWS_SCHEMA = "upgradectl_stage_rows";

  static String createKeysSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + name(KEYS_SCHEMA);
  }

  static String dropKeysSchema() {
    return "DROP SCHEMA IF EXISTS " + name(KEYS_SCHEMA) + " CASCADE";
  }

  static String createRowsSchema() {
    return "CREATE SCHEMA " + name(ROWS_SCHEMA);
  }

  static String dropRowsSchema() {
    return "DROP SCHEMA IF EXISTS " + name(ROWS_SCHEMA) + " CASCADE";
  }

  String keysTable() {
    return plan.name();
  }

  /** The key columns with the target's types, so that comparisons use the index of the pilot's key. */
  String createKeys() {
    return "CREATE TABLE " + name(KEYS_SCHEMA, keysTable()) + " AS SELECT " + names(keyColumns())
        + " FROM " + target() + " WITH NO DATA";
  }

  String copyInKeys() {
    return "COPY " + name(KEYS_SCHEMA, keysTable()) + " (" + names(keyColumns()) + ") FROM STDIN";
  }

  String createRows(String rowsTable) {
    return "CREATE UNLOGGED TABLE " + name(ROWS_SCHEMA, rowsTable) + " AS SELECT " + names(plan.targetColumns())
        + " FROM " + target() + " WITH NO DATA";
  }

  /**
   * The pilot's rows of changed keys that production no longer has. The keys are set against each
   * other first, so that only the gone ones (a few of the changed keys, mostly) are looked up in the
   * pilot's table.
   */
  String deleteGone(String rowsTable) {
    String keys = names(keyColumns());
    return "DELETE FROM " + target() + " WHERE (" + keys + ") IN (SELECT " + keys + " FROM "
        + name(KEYS_SCHEMA, keysTable()) + " EXCEPT SELECT " + keys + " FROM " + name(ROWS_SCHEMA, rowsTable) + ")";
  }

  /** Production's rows of the changed keys, inserted, or written over the pilot's row of that key. */
  String upsert(String rowsTable) {
    List<String> others = plan.targetColumns().stream().filter(c -> !keyColumns().contains(c)).toList();
    String onConflict = others.isEmpty() ? "DO NOTHING" : "DO UPDATE SET "
        + others.stream().map(c -> name(c) + " = EXCLUDED." + name(c)).collect(Collectors.joining(", "));
    return "INSERT INTO " + target() + " (" + names(plan.targetColumns()) + ") OVERRIDING SYSTEM VALUE SELECT "
        + names(plan.targetColumns()) + " FROM " + name(ROWS_SCHEMA, rowsTable) + " ON CONFLICT ("
        + names(keyColumns()) + ") " + onConflict;
  }

  /** Count and checksum of the pilot's rows of the changed keys. */
  String sumOfKeys(PostgresRowChecksum checksum) {
    return sumOfKeys(plan.target().schema(), plan.name(), keyColumns(), plan.targetColumns(), checksum);
  }

  /** The same, for a table wherever it lives now (the pilot after it became production). */
  static String sumOfKeys(String schema, String table, List<String> keyColumns, List<String> columns,
      PostgresRowChecksum checksum) {
    String join = keyColumns.stream().map(c -> "t." + name(c) + " = k." + name(c)).collect(Collectors.joining(" AND "));
    return PostgresCopySql.sum("(SELECT t.* FROM " + name(schema, table) + " AS t WHERE EXISTS (SELECT 1 FROM "
        + name(KEYS_SCHEMA, table) + " AS k WHERE " + join + "))", columns, checksum);
  }

  private List<String> keyColumns() {
    return plan.key().stream().map(KeyColumn::target).toList();
  }

  private String target() {
    return name(plan.target().schema(), plan.name());
  }
}
