package com.upgradectl.activities.platform.postgres;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object an import takes off the pilot before the load and builds again after it: loading bare
 * tables and building each index once, from sorted rows, is several times quicker than keeping every
 * index up to date row by row, and foreign keys would otherwise force a load order.
 *
 * @param definition for an index, the server's whole CREATE INDEX statement (pg_get_indexdef); for a
 *     constraint, its definition (pg_get_constraintdef)
 * @param keyColumns a primary key's columns in key order (the copy resumes by them while the key is
 *     off the table); empty otherwise
 * @param comment the object's comment, put back with it; null when it has none
 */
record PostgresSetAside(String schema, String table, String name, Kind kind, String definition, List<String> keyColumns,
    String comment) {

  /** In the order they are built again: indexes before the foreign keys that need them. */
  enum Kind {
    PRIMARY_KEY("primary key"),
    KEY_CONSTRAINT("constraint"),
    INDEX("index"),
    FOREIGN_KEY("foreign key");

    final String recorded;

    Kind(String recorded) {
      this.recorded = recorded;
    }

    static Kind ofRecorded(String text) {
      for (Kind kind : values()) {
        if (kind.recorded.equals(text)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown kind of set-aside object in "
          + PostgresCopySql.PENDING_CONSTRAINTS + ": " + text);
    }

    boolean isConstraint() {
      return this != INDEX;
    }
  }

  /** A primary key with nothing but its columns: built as an index first, then made the key. */
  private static final Pattern PLAIN_PRIMARY_KEY = Pattern.compile("PRIMARY KEY \\(([^()]+)\\)");

  /** The statement that builds it again. */
  String createStatement() {
    return kind == Kind.INDEX ? definition : PostgresCopySql.addConstraint(schema, table, name, definition);
  }

  /**
   * The statements that build it again, in one transaction. A plain primary key is built as a
   * unique index (a SHARE lock: the table's verification may read it meanwhile) and then made the
   * key over that index, the only step that locks out readers and it does not scan the rows. Adding
   * the key whole would hold an ACCESS EXCLUSIVE lock for the whole sort.
   */
  List<String> buildStatements() {
    Matcher plain = PLAIN_PRIMARY_KEY.matcher(definition);
    if (kind != Kind.PRIMARY_KEY || !plain.matches()) {
      return List.of(createStatement());
    }
    return List.of(
        "CREATE UNIQUE INDEX " + PostgresCopySql.name(name) + " ON " + PostgresCopySql.name(schema, table)
            + " (" + plain.group(1) + ")",
        "ALTER TABLE " + PostgresCopySql.name(schema, table) + " ADD CONSTRAINT " + PostgresCopySql.name(name)
            + " PRIMARY KEY USING INDEX " + PostgresCopySql.name(name));
  }

  /** The statement that takes it off the pilot. */
  String dropStatement() {
    return kind == Kind.INDEX ? "DROP INDEX " + PostgresCopySql.name(schema, name)
        : PostgresCopySql.dropConstraint(schema, table, name);
  }

  /** The statement that puts its comment back; null when it has none. */
  String commentStatement() {
    if (comment == null) {
      return null;
    }
    String target = kind == Kind.INDEX ? "INDEX " + PostgresCopySql.name(schema, name)
        : "CONSTRAINT " + PostgresCopySql.name(name) + " ON " + PostgresCopySql.name(schema, table);
    return "COMMENT ON " + target + " IS " + PostgresCopySql.literal(comment);
  }

  @Override
  public String toString() {
    return kind.recorded + " " + name + " of " + schema + "." + table;
  }
}
