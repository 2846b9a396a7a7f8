package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.ColumnInfo;
import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.TableInfo;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the copier needs to know of a database's tables, read from PostgreSQL's catalog with bound
 * parameters. Tables are those of the connection's current schema (the application's schema,
 * {@code public} unless the profile's search_path says otherwise).
 */
final class PostgresCatalog {
  private PostgresCatalog() {}

  /** An identity or serial column and the sequence that feeds it. */
  record OwnedSequence(String column, long sequenceOid) {}

  static List<TableInfo> tables(Connection c) throws SQLException {
    Map<Long, String[]> names = new LinkedHashMap<>();
    Map<Long, Long> estimates = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT CAST(c.oid AS bigint), n.nspname, c.relname, CAST(greatest(c.reltuples, 0) AS bigint)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        names.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
        estimates.put(rs.getLong(1), rs.getLong(4));
      }
    }
    Map<Long, List<ColumnInfo>> columns = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT CAST(a.attrelid AS bigint), a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef,"
            + " a.attgenerated <> '', a.attidentity <> ''"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY a.attrelid, a.attnum");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        columns.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ColumnInfo(
            rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7)));
      }
    }
    Map<Long, List<String>> primaryKeys = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT CAST(con.conrelid AS bigint), a.attname"
            + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)"
            + " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
            + " WHERE con.contype = 'p' AND n.nspname = current_schema() ORDER BY con.conrelid, k.position");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        primaryKeys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    addPrimaryKeysSetAside(c, names, primaryKeys);
    List<TableInfo> tables = new ArrayList<>();
    names.forEach((oid, name) -> tables.add(new TableInfo(name[0], name[1], oid,
        List.copyOf(columns.getOrDefault(oid, List.of())), List.copyOf(primaryKeys.getOrDefault(oid, List.of())),
        estimates.get(oid))));
    return tables;
  }

  /**
   * While an import has the pilot's primary keys off its tables, the record it keeps of them stands in
   * for the catalog: a resumed copy goes on by the same keys.
   */
  private static void addPrimaryKeysSetAside(Connection c, Map<Long, String[]> names,
      Map<Long, List<String>> primaryKeys) throws SQLException {
    String schema = currentSchema(c);
    if (!columnSignature(c, schema, PostgresCopySql.PENDING_CONSTRAINTS).contains("kind text")) {
      return;
    }
    Map<String, List<String>> recorded = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(PostgresCopySql.pendingPrimaryKeys(schema));
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        recorded.put(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()));
      }
    }
    names.forEach((oid, name) -> {
      if (recorded.containsKey(name[1])) {
        primaryKeys.putIfAbsent(oid, recorded.get(name[1]));
      }
    });
  }

  /**
   * What an import can take off the tables and build again exactly: primary keys, unique and
   * exclusion constraints, and plain indexes, of ordinary tables (not partitioned, not partitions),
   * valid, in the default tablespace, and neither the table's CLUSTER index nor its replica identity
   * (marks that a new index would not carry).
   */
  static List<PostgresSetAside> indexesAndKeys(Connection c, Collection<TableInfo> tables) throws SQLException {
    String rebuildable = " t.relkind = 'r' AND NOT t.relispartition AND i.indisvalid AND NOT i.indisclustered"
        + " AND NOT i.indisreplident AND ic.reltablespace = 0";
    Array oids = c.createArrayOf("bigint", tables.stream().map(TableInfo::id).toArray(Long[]::new));
    List<PostgresSetAside> found = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT con.conname, n.nspname, t.relname, con.contype, pg_get_constraintdef(con.oid),"
            + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)"
            + " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.position),"
            + " obj_description(con.oid, 'pg_constraint')"
            + " FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " JOIN pg_index i ON i.indexrelid = con.conindid JOIN pg_class ic ON ic.oid = i.indexrelid"
            + " WHERE con.contype IN ('p', 'u', 'x') AND CAST(con.conrelid AS bigint) = ANY(?) AND" + rebuildable
            + " ORDER BY t.relname, con.conname")) {
      s.setArray(1, oids);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          boolean primary = rs.getString(4).equals("p");
          found.add(new PostgresSetAside(rs.getString(2), rs.getString(3), rs.getString(1),
              primary ? PostgresSetAside.Kind.PRIMARY_KEY : PostgresSetAside.Kind.KEY_CONSTRAINT, rs.getString(5),
              primary ? List.of((String[]) rs.getArray(6).getArray()) : List.of(), rs.getString(7)));
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "SELECT ic.relname, n.nspname, t.relname, pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class')"
            + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " WHERE CAST(i.indrelid AS bigint) = ANY(?) AND" + rebuildable
            + " AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid"
            + " AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))"
            + " ORDER BY t.relname, ic.relname")) {
      s.setArray(1, oids);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(new PostgresSetAside(rs.getString(2), rs.getString(3), rs.getString(1),
              PostgresSetAside.Kind.INDEX, rs.getString(4), List.of(), rs.getString(5)));
        }
      }
    }
    return found;
  }

  /** Whether the index exists: empty when it does not, else whether it is valid. */
  static Optional<Boolean> indexValid(Connection c, String schema, String index) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
            + " JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE n.nspname = ? AND ic.relname = ?")) {
      s.setString(1, schema);
      s.setString(2, index);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
      }
    }
  }

  /** Foreign keys from or to any of the tables. */
  static List<ForeignKeyInfo> foreignKeysTouching(Connection c, Collection<TableInfo> tables) throws SQLException {
    Long[] oids = tables.stream().map(TableInfo::id).toArray(Long[]::new);
    List<ForeignKeyInfo> keys = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT con.conname, cn.nspname, c.relname, fn.nspname, f.relname, pg_get_constraintdef(con.oid)"
            + " FROM pg_constraint con"
            + " JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace"
            + " JOIN pg_class f ON f.oid = con.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace"
            + " WHERE con.contype = 'f' AND (CAST(con.conrelid AS bigint) = ANY(?) OR CAST(con.confrelid AS bigint) = ANY(?))"
            + " ORDER BY c.relname, con.conname")) {
      Array array = c.createArrayOf("bigint", oids);
      s.setArray(1, array);
      s.setArray(2, array);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          keys.add(new ForeignKeyInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6)));
        }
      }
    }
    return keys;
  }

  static List<OwnedSequence> ownedSequences(Connection c, TableInfo table) throws SQLException {
    List<OwnedSequence> sequences = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT a.attname, CAST(seq.oid AS bigint) FROM pg_depend d"
            + " JOIN pg_class seq ON seq.oid = d.objid AND seq.relkind = 'S'"
            + " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
            + " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
            + " AND d.deptype IN ('a', 'i') AND d.refobjid = CAST(? AS oid) ORDER BY a.attnum")) {
      s.setLong(1, table.id());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          sequences.add(new OwnedSequence(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return sequences;
  }

  /** Those of the type names (as format_type writes them) this database has no type for. */
  static Set<String> unknownTypes(Connection c, Collection<String> typeNames) throws SQLException {
    Set<String> unknown = new LinkedHashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT t FROM unnest(?) AS t WHERE to_regtype(t) IS NULL")) {
      s.setArray(1, c.createArrayOf("text", new LinkedHashSet<>(typeNames).toArray(String[]::new)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          unknown.add(rs.getString(1));
        }
      }
    }
    return unknown;
  }

  /**
   * Those of the type names that are the server's own (built in, not created in a database): only
   * their binary form is the same in two databases (user types and arrays of them carry oids).
   */
  static Set<String> builtinTypes(Connection c, Collection<String> typeNames) throws SQLException {
    Set<String> builtin = new LinkedHashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT t FROM unnest(?) AS t"
        + " WHERE CAST(to_regtype(t) AS oid) < 16384")) {
      s.setArray(1, c.createArrayOf("text", new LinkedHashSet<>(typeNames).toArray(String[]::new)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          builtin.add(rs.getString(1));
        }
      }
    }
    return builtin;
  }

  /**
   * Of the named types, the built-in ones whose values the server can hash (a default hash operator
   * class for the type, for an array its element, directly or by a binary cast such as varchar to
   * text): those {@link PostgresRowChecksum#ROW_HASH} can sum.
   */
  static Set<String> hashableTypes(Connection c, Collection<String> typeNames) throws SQLException {
    Set<String> hashable = new LinkedHashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT t FROM unnest(?) AS t"
        + " JOIN pg_type ty ON ty.oid = CAST(to_regtype(t) AS oid)"
        + " WHERE ty.oid < 16384 AND ty.typtype = 'b' AND EXISTS (SELECT 1 FROM pg_opclass oc"
        + " JOIN pg_am am ON am.oid = oc.opcmethod WHERE am.amname = 'hash' AND oc.opcdefault"
        + " AND (oc.opcintype = CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END"
        + " OR EXISTS (SELECT 1 FROM pg_cast k WHERE k.castmethod = 'b' AND k.casttarget = oc.opcintype"
        + " AND k.castsource = CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END)))")) {
      s.setArray(1, c.createArrayOf("text", new LinkedHashSet<>(typeNames).toArray(String[]::new)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          hashable.add(rs.getString(1));
        }
      }
    }
    return hashable;
  }

  /** Tables ({@code schema.table}) with a column of a nondeterministic collation, which hashes by sort key. */
  static Set<String> tablesWithNondeterministicCollations(Connection c) throws SQLException {
    Set<String> tables = new LinkedHashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT n.nspname || '.' || cl.relname FROM pg_attribute a"
        + " JOIN pg_class cl ON cl.oid = a.attrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
        + " JOIN pg_collation co ON co.oid = a.attcollation WHERE a.attnum > 0 AND NOT a.attisdropped"
        + " AND NOT co.collisdeterministic AND cl.relkind IN ('r', 'p')");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  static String currentSchema(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT current_schema()"); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  static boolean tableExists(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Column names and types of a table, in column order; empty when there is no such table. */
  static List<String> columnSignature(Connection c, String schema, String table) throws SQLException {
    List<String> signature = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
            + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          signature.add(rs.getString(1));
        }
      }
    }
    return signature;
  }

  static boolean constraintExists(Connection c, String schema, String table, String constraint) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND con.conname = ?")) {
      s.setString(1, schema);
      s.setString(2, table);
      s.setString(3, constraint);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
