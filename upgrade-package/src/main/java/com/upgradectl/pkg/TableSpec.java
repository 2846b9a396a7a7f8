package com.upgradectl.pkg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One table of the target schema and how it is filled from production.
 *
 * @param name table name in the target schema
 * @param sourceTable table in the old (production) schema; defaults to {@code name}; may be shared by
 *     several targets (a split table)
 * @param sourceFilter optional SQL condition over the source row (e.g. for a split); null when absent
 * @param columns overrides by target column, in declaration order; a target column not listed takes
 *     the source column of the same name
 * @param location where the table is declared in package.yaml
 * @param columnLocations where each override of {@code columns} is declared (same keys)
 */
public record TableSpec(
    String name,
    TableClass tableClass,
    String sourceTable,
    String sourceFilter,
    Map<String, ColumnSource> columns,
    SourceLocation location,
    Map<String, SourceLocation> columnLocations) {

  public TableSpec {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    columnLocations = Collections.unmodifiableMap(new LinkedHashMap<>(columnLocations));
  }

  /** A table whose overrides are all located at the table itself (for code that builds specs by hand). */
  public TableSpec(
      String name,
      TableClass tableClass,
      String sourceTable,
      String sourceFilter,
      Map<String, ColumnSource> columns,
      SourceLocation location) {
    this(name, tableClass, sourceTable, sourceFilter, columns, location, Map.of());
  }

  public boolean imported() {
    return tableClass != TableClass.EXCLUDED;
  }

  /** The override of a target column, names compared case-insensitively. */
  public Optional<ColumnSource> override(String targetColumn) {
    return columns.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(targetColumn))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** Where the override of {@code column} is declared, or the table's own location. */
  public SourceLocation locationOf(String column) {
    return columnLocations.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(column))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(location);
  }
}
