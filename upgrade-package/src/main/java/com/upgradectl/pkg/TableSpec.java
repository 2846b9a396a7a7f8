package com.upgradectl.pkg;

import java.util.Map;

/**
 * One table of the target schema and how it is filled from production.
 *
 * @param name table name in the target schema
 * @param sourceTable table in the old (production) schema; defaults to {@code name}; may be shared by
 *     several targets (a split table)
 * @param sourceFilter optional SQL condition over the source row (e.g. for a split)
 * @param columns overrides by target column; a target column not listed takes the source column of
 *     the same name
 */
public record TableSpec(
    String name,
    TableClass tableClass,
    String sourceTable,
    String sourceFilter,
    Map<String, ColumnSource> columns,
    SourceLocation location) {

  public boolean imported() {
    return tableClass != TableClass.EXCLUDED;
  }
}
