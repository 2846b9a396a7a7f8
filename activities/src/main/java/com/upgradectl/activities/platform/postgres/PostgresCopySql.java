package com.upgradectl.activities.platform.postgres;

import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The text of the copier's statements that are not about one table's mapping (see {@link
 * PostgresCopyStatements} for those). Names go through {@link PostgresIdentifiers} only, values are
 * rendered as literals by jOOQ; the statements themselves (COPY, TRUNCATE, catalog-derived type
 * names, the package's own SQL) are beyond what jOOQ's model covers, so they are assembled here, in
 * one place.
 */
final class PostgresCopySql {
  /** Where a resync stages production's rows before it swaps them in. */
  static final String STAGE_SCHEMA = "upgradectl_stage";
  /**
   * Foreign keys, keys and indexes an import took off the pilot and must put back; its existence
   * marks an import in progress.
   */
  static final String PENDING_CONSTRAINTS = "upgradectl_pending_constraints";

  private static final DSLContext JOOQ = DSL.using(SQLDialect.POSTGRES);

  private PostgresCopySql() {}

  static String name(String... parts) {
    return PostgresIdentifiers.INSTANCE.quote(parts);
  }

  static String names(List<String> columns) {
    return columns.stream().map(PostgresCopySql::name).collect(Collectors.joining(", "));
  }

  /** A string literal, escaped by jOOQ; NULL for null. */
  static String literal(String value) {
    return value == null ? "NULL" : JOOQ.render(DSL.inline(value));
  }

  /** A value given as text, converted by the server to {@code type} (a type name the catalog wrote). */
  static String typed(String text, String type) {
    return "CAST(" + literal(text) + " AS " + type + ")";
  }

  /**
   * Count and order-independent checksum of rows: the sum of the first 64 bits of each row's md5, so
   * that one changed value changes the sum whatever order the rows are read in.
   *
   * @param from a table or a parenthesized query, aliased {@code r}
   */
  static String sum(String from, List<String> columns) {
    return sum(from, columns, PostgresRowChecksum.MD5);
  }

  static String sum(String from, List<String> columns, PostgresRowChecksum checksum) {
    String row = columns.stream().map(c -> "r." + name(c)).collect(Collectors.joining(", "));
    return "SELECT count(*), " + checksum.sumOf("ROW(" + row + ")") + " FROM " + from + " AS r";
  }

  static String joinSnapshot(String snapshotId) {
    return "SET TRANSACTION SNAPSHOT " + literal(snapshotId);
  }

  static String count(String schema, String table) {
    return "SELECT count(*) FROM " + name(schema, table);
  }

  static String truncate(List<String[]> tables) {
    return "TRUNCATE TABLE " + tables.stream().map(PostgresCopySql::name).collect(Collectors.joining(", "));
  }

  static String analyze(String schema, String table) {
    return "ANALYZE " + name(schema, table);
  }

  static String dropConstraint(String schema, String table, String constraint) {
    return "ALTER TABLE " + name(schema, table) + " DROP CONSTRAINT " + name(constraint);
  }

  /** @param definition the server's own text of the constraint (pg_get_constraintdef) */
  static String addConstraint(String schema, String table, String constraint, String definition) {
    return "ALTER TABLE " + name(schema, table) + " ADD CONSTRAINT " + name(constraint) + " " + definition;
  }

  /**
   * The record of what an import took off the pilot. Its first form held foreign keys only; the
   * columns added since have defaults that read such rows right, so an import begun by an older
   * worker resumes on a newer one.
   */
  static List<String> createPendingConstraints(String schema) {
    String table = name(schema, PENDING_CONSTRAINTS);
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + table + " ("
            + "table_schema text NOT NULL, table_name text NOT NULL, constraint_name text NOT NULL, definition text NOT NULL,"
            + " PRIMARY KEY (table_schema, table_name, constraint_name))",
        "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'foreign key',"
            + " ADD COLUMN IF NOT EXISTS key_columns text[] NOT NULL DEFAULT '{}',"
            + " ADD COLUMN IF NOT EXISTS comment text");
  }

  static String recordPendingConstraint(String schema) {
    return "INSERT INTO " + name(schema, PENDING_CONSTRAINTS)
        + " (table_schema, table_name, constraint_name, definition, kind, key_columns, comment)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  }

  static String pendingConstraints(String schema) {
    return "SELECT table_schema, table_name, constraint_name, definition, kind, key_columns, comment FROM "
        + name(schema, PENDING_CONSTRAINTS) + " ORDER BY table_schema, table_name, constraint_name";
  }

  /** The primary keys an import took off, table by table: the copy resumes by them. */
  static String pendingPrimaryKeys(String schema) {
    return "SELECT table_name, key_columns FROM " + name(schema, PENDING_CONSTRAINTS)
        + " WHERE kind = 'primary key' AND table_schema = current_schema()";
  }

  static String forgetPendingConstraint(String schema) {
    return "DELETE FROM " + name(schema, PENDING_CONSTRAINTS)
        + " WHERE table_schema = ? AND table_name = ? AND constraint_name = ?";
  }

  static String dropPendingConstraints(String schema) {
    return "DROP TABLE IF EXISTS " + name(schema, PENDING_CONSTRAINTS);
  }

  static String createStageSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + name(STAGE_SCHEMA);
  }

  static String dropStageSchema() {
    return "DROP SCHEMA IF EXISTS " + name(STAGE_SCHEMA) + " CASCADE";
  }

  static String dropStageTable(String table) {
    return "DROP TABLE IF EXISTS " + name(STAGE_SCHEMA, table);
  }

  /**
   * An unlogged table with the target's types for the mapped columns only, and none of its
   * constraints: the rows are checked when they move into the target.
   */
  static String createStageTable(String schema, String table, List<String> columns) {
    return "CREATE UNLOGGED TABLE " + name(STAGE_SCHEMA, table) + " AS SELECT " + names(columns)
        + " FROM " + name(schema, table) + " WITH NO DATA";
  }

  /** Identity columns keep the staged values (OVERRIDING SYSTEM VALUE), like the import's COPY does. */
  static String insertFromStage(String schema, String table, List<String> columns) {
    return "INSERT INTO " + name(schema, table) + " (" + names(columns) + ") OVERRIDING SYSTEM VALUE SELECT "
        + names(columns) + " FROM " + name(STAGE_SCHEMA, table);
  }

  /**
   * Moves a column's sequence past the highest value in the column, never backwards (a value the
   * sequence already handed out is never handed out again). Parameters: the sequence's oid, twice.
   */
  static String advanceSequence(String schema, String table, String column) {
    return "SELECT setval(CAST(? AS oid)::regclass, greatest(m, coalesce(pg_sequence_last_value(CAST(? AS oid)::regclass), m)), true)"
        + " FROM (SELECT CAST(max(" + name(column) + ") AS bigint) AS m FROM " + name(schema, table) + ") AS x"
        + " WHERE m IS NOT NULL";
  }
}
