package com.upgradectl.pkg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the tree of package.yaml into the package model, checking every key and value on the way.
 * It never stops at the first problem: everything it can check, it checks.
 */
final class ManifestReader {
  static final List<String> TOP_KEYS = List.of("name", "from", "to", "versionQuery", "platforms", "tables");
  static final List<String> REQUIRED_TOP_KEYS = List.of("name", "from", "to", "platforms", "tables");
  static final List<String> PLATFORMS = List.of("postgresql", "sqlserver");
  static final List<String> SCRIPT_KEYS = List.of("schema", "migrations", "pilotMode", "postSwitch");
  static final List<String> TABLE_KEYS = List.of("class", "from", "where", "columns");
  static final List<String> OVERRIDE_KEYS = List.of("from", "value", "sql");
  static final Map<String, TableClass> CLASSES =
      Map.of("configuration", TableClass.CONFIGURATION, "data", TableClass.DATA, "excluded", TableClass.EXCLUDED);
  private static final List<String> CLASS_NAMES = List.of("configuration", "data", "excluded");

  /** What package.yaml says; fields are null where the manifest was wrong (a problem was recorded). */
  record Manifest(
      String name,
      String fromVersion,
      String toVersion,
      String versionQuery,
      List<TableSpec> tables,
      Map<String, PlatformScripts> platforms,
      SourceLocation tablesLocation) {}

  private final Path root;
  private final Problems problems;

  ManifestReader(Path root, Problems problems) {
    this.root = root;
    this.problems = problems;
  }

  Manifest read(YamlNode document, String file) {
    if (document == null) {
      problems.add(new SourceLocation(file, 0), "is empty: a package needs at least " + String.join(", ", REQUIRED_TOP_KEYS));
      return null;
    }
    YamlNode.Mapping top = mapping(document, file + " itself").orElse(null);
    if (top == null) {
      return null;
    }
    checkKeys(top, TOP_KEYS, "the top level");
    requireKeys(top, REQUIRED_TOP_KEYS, "the top level");
    String name = top.get("name").map(node -> text(node, "'name'")).orElse(null);
    String from = top.get("from").map(node -> text(node, "'from'")).orElse(null);
    String to = top.get("to").map(node -> text(node, "'to'")).orElse(null);
    if (from != null && from.equals(to)) {
      problems.add(top.get("to").orElseThrow().location(), "'from' and 'to' are both version " + to + ": a package upgrades from one version to another");
    }
    String versionQuery = top.get("versionQuery").map(node -> text(node, "'versionQuery'")).orElse(null);
    Map<String, PlatformScripts> platforms = top.get("platforms").map(this::platforms).orElse(Map.of());
    Optional<YamlNode.Entry> tablesEntry = top.entry("tables");
    List<TableSpec> tables = tablesEntry.map(entry -> tables(entry.value())).orElse(List.of());
    SourceLocation tablesLocation = tablesEntry.map(YamlNode.Entry::keyLocation).orElse(top.location());
    return new Manifest(name, from, to, versionQuery, tables, platforms, tablesLocation);
  }

  // ---- platforms and their scripts

  private Map<String, PlatformScripts> platforms(YamlNode node) {
    Map<String, PlatformScripts> platforms = new LinkedHashMap<>();
    YamlNode.Mapping mapping = mapping(node, "'platforms'").orElse(null);
    if (mapping == null) {
      return platforms;
    }
    if (mapping.entries().isEmpty()) {
      problems.add(node.location(), "'platforms' is empty: give the scripts of at least one of " + String.join(", ", PLATFORMS));
    }
    checkKeys(mapping, PLATFORMS, "'platforms'");
    for (YamlNode.Entry entry : mapping.entries()) {
      if (PLATFORMS.contains(entry.key()) && !platforms.containsKey(entry.key())) {
        platforms.put(entry.key(), platformScripts(entry));
      }
    }
    return platforms;
  }

  private PlatformScripts platformScripts(YamlNode.Entry platform) {
    String where = "platform '" + platform.key() + "'";
    YamlNode.Mapping mapping = mapping(platform.value(), where).orElse(null);
    if (mapping == null) {
      return new PlatformScripts(List.of(), List.of(), List.of(), List.of());
    }
    checkKeys(mapping, SCRIPT_KEYS, where);
    List<Path> schema = scripts(mapping, "schema", where);
    if (mapping.get("schema").isEmpty()) {
      problems.add(platform.keyLocation(), where + " lacks 'schema': the scripts that create the target schema in an empty database");
    } else if (schema.isEmpty() && mapping.get("schema").get() instanceof YamlNode.Sequence list && list.items().isEmpty()) {
      problems.add(list.location(), where + ": 'schema' is empty: give the scripts that create the target schema in an empty database");
    }
    return new PlatformScripts(
        schema, scripts(mapping, "migrations", where), scripts(mapping, "pilotMode", where), scripts(mapping, "postSwitch", where));
  }

  private List<Path> scripts(YamlNode.Mapping platform, String key, String where) {
    List<Path> scripts = new ArrayList<>();
    YamlNode node = platform.get(key).orElse(null);
    if (node == null) {
      return scripts;
    }
    if (!(node instanceof YamlNode.Sequence list)) {
      problems.add(node.location(), where + ": '" + key + "' must be a list of script files, like [" + key + "/001.sql], found " + node.kind());
      return scripts;
    }
    for (YamlNode item : list.items()) {
      String relative = text(item, where + ": an entry of '" + key + "'");
      if (relative != null) {
        ScriptFiles.resolve(root, relative, item.location(), problems).ifPresent(scripts::add);
      }
    }
    return scripts;
  }

  // ---- tables

  private List<TableSpec> tables(YamlNode node) {
    List<TableSpec> tables = new ArrayList<>();
    YamlNode.Mapping mapping = mapping(node, "'tables'").orElse(null);
    if (mapping == null) {
      return tables;
    }
    if (mapping.entries().isEmpty()) {
      problems.add(node.location(), "'tables' is empty: classify every table of the target schema");
    }
    Map<String, SourceLocation> declared = new HashMap<>();
    for (YamlNode.Entry entry : mapping.entries()) {
      SourceLocation first = declared.putIfAbsent(entry.key().toLowerCase(Locale.ROOT), entry.keyLocation());
      if (first != null) {
        problems.add(entry.keyLocation(), "table '" + entry.key() + "' is declared twice (first at " + first + "); names are compared case-insensitively");
        continue;
      }
      table(entry).ifPresent(tables::add);
    }
    return tables;
  }

  private Optional<TableSpec> table(YamlNode.Entry entry) {
    String name = entry.key();
    boolean valid = identifier(name, "table name", entry.keyLocation());
    String what = "table '" + name + "'";
    if (entry.value() instanceof YamlNode.Scalar scalar) {
      TableClass tableClass = tableClass(scalar, what);
      return valid && tableClass != null
          ? Optional.of(new TableSpec(name, tableClass, name, null, Map.of(), entry.keyLocation(), Map.of()))
          : Optional.empty();
    }
    YamlNode.Mapping mapping = mapping(entry.value(), what).orElse(null);
    if (mapping == null) {
      return Optional.empty();
    }
    checkKeys(mapping, TABLE_KEYS, what);
    TableClass tableClass = null;
    if (mapping.get("class").isEmpty()) {
      problems.add(entry.keyLocation(), what + " lacks 'class': one of " + String.join(", ", CLASS_NAMES));
    } else {
      tableClass = tableClass(mapping.get("class").get(), what);
    }
    String source = name;
    if (mapping.get("from").isPresent()) {
      YamlNode from = mapping.get("from").get();
      source = text(from, what + ": 'from'");
      valid &= source != null && identifier(source, what + ": source table", from.location());
    }
    String filter = mapping.get("where").map(node -> text(node, what + ": 'where'")).orElse(null);
    Map<String, ColumnSource> columns = new LinkedHashMap<>();
    Map<String, SourceLocation> columnLocations = new LinkedHashMap<>();
    mapping.get("columns").ifPresent(node -> overrides(node, name, columns, columnLocations));
    if (tableClass == TableClass.EXCLUDED) {
      for (String key : List.of("from", "where", "columns")) {
        mapping.entry(key).ifPresent(e -> problems.add(e.keyLocation(), what + " is excluded, so it is not imported: '" + key + "' has no effect; remove it or classify the table"));
      }
    }
    return valid && tableClass != null && source != null
        ? Optional.of(new TableSpec(name, tableClass, source, filter, columns, entry.keyLocation(), columnLocations))
        : Optional.empty();
  }

  private TableClass tableClass(YamlNode node, String what) {
    if (!(node instanceof YamlNode.Scalar scalar) || scalar.text() == null) {
      problems.add(node.location(), what + " has no class: write configuration, data or excluded");
      return null;
    }
    TableClass tableClass = CLASSES.get(scalar.text());
    if (tableClass == null) {
      problems.add(node.location(), what + " has an unknown class '" + scalar.text() + "'"
          + Suggestions.didYouMean(scalar.text(), CLASS_NAMES) + ": use configuration, data or excluded");
    }
    return tableClass;
  }

  private void overrides(YamlNode node, String table, Map<String, ColumnSource> columns, Map<String, SourceLocation> locations) {
    YamlNode.Mapping mapping = mapping(node, "table '" + table + "': 'columns'").orElse(null);
    if (mapping == null) {
      return;
    }
    Map<String, SourceLocation> declared = new HashMap<>();
    for (YamlNode.Entry entry : mapping.entries()) {
      String what = "column '" + table + "." + entry.key() + "'";
      SourceLocation first = declared.putIfAbsent(entry.key().toLowerCase(Locale.ROOT), entry.keyLocation());
      if (first != null) {
        problems.add(entry.keyLocation(), what + " is mapped twice (first at " + first + "); names are compared case-insensitively");
        continue;
      }
      boolean valid = identifier(entry.key(), "column name", entry.keyLocation());
      ColumnSource source = override(entry, what);
      if (valid && source != null) {
        columns.put(entry.key(), source);
        locations.put(entry.key(), entry.keyLocation());
      }
    }
  }

  private ColumnSource override(YamlNode.Entry entry, String what) {
    YamlNode.Mapping mapping = mapping(entry.value(), what + " (write { from: old_name }, { value: \"constant\" } or { sql: \"expression\" })").orElse(null);
    if (mapping == null) {
      return null;
    }
    checkKeys(mapping, OVERRIDE_KEYS, what);
    List<String> given = OVERRIDE_KEYS.stream().filter(key -> mapping.get(key).isPresent()).toList();
    if (given.size() != 1) {
      problems.add(entry.keyLocation(), what + (given.isEmpty() ? " has no source" : " has more than one source (" + String.join(", ", given) + ")")
          + ": give exactly one of from (a source column), value (a constant) or sql (an expression over the source row)");
      return null;
    }
    YamlNode node = mapping.get(given.get(0)).orElseThrow();
    switch (given.get(0)) {
      case "from": {
        String column = text(node, what + ": 'from'");
        return column != null && identifier(column, what + ": source column", node.location()) ? new ColumnSource.SourceColumn(column) : null;
      }
      case "value": {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.text() == null) {
          problems.add(node.location(), what + ": 'value' must be a constant, found " + node.kind()
              + " (a column with no source and a default or NULL allowed needs no override; for an explicit NULL write sql: \"NULL\")");
          return null;
        }
        return new ColumnSource.Constant(scalar.text());
      }
      default: {
        String sql = text(node, what + ": 'sql'");
        return sql == null ? null : new ColumnSource.Expression(sql);
      }
    }
  }

  // ---- shared checks

  private Optional<YamlNode.Mapping> mapping(YamlNode node, String what) {
    if (node instanceof YamlNode.Mapping mapping) {
      return Optional.of(mapping);
    }
    problems.add(node.location(), what + " must be a mapping of keys to values, found " + node.kind());
    return Optional.empty();
  }

  /** Reports unknown keys (with the closest allowed one) and keys given twice. */
  private void checkKeys(YamlNode.Mapping mapping, List<String> allowed, String where) {
    Map<String, SourceLocation> seen = new HashMap<>();
    for (YamlNode.Entry entry : mapping.entries()) {
      SourceLocation first = seen.putIfAbsent(entry.key(), entry.keyLocation());
      if (first != null) {
        problems.add(entry.keyLocation(), "key '" + entry.key() + "' is given twice in " + where + " (first at " + first + ")");
      } else if (!allowed.contains(entry.key())) {
        problems.add(entry.keyLocation(), "unknown key '" + entry.key() + "' in " + where
            + Suggestions.didYouMean(entry.key(), allowed) + "; allowed keys: " + String.join(", ", allowed));
      }
    }
  }

  private void requireKeys(YamlNode.Mapping mapping, List<String> required, String where) {
    for (String key : required) {
      if (mapping.get(key).isEmpty()) {
        problems.add(mapping.location(), where + " lacks the required key '" + key + "'");
      }
    }
  }

  /** @return the non-blank text of a scalar, or null after recording why there is none */
  private String text(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar scalar && scalar.text() != null && !scalar.text().isBlank()) {
      return scalar.text();
    }
    problems.add(node.location(), what + " must be a non-empty text, found " + (node instanceof YamlNode.Scalar ? "nothing" : node.kind()));
    return null;
  }

  private boolean identifier(String name, String what, SourceLocation location) {
    String problem = SqlIdentifiers.problemWith(name);
    if (problem != null) {
      problems.add(location, what + " '" + name + "' " + problem);
      return false;
    }
    return true;
  }
}
