package com.upgradectl.pkg;

/** Where a target column's value comes from when it is not the source column of the same name. */
public sealed interface ColumnSource {
  /** A renamed column: the value of {@code column} in the source table. */
  record SourceColumn(String column) implements ColumnSource {}

  /** The same constant for every row, written as text and converted to the column's type. */
  record Constant(String value) implements ColumnSource {}

  /** A SQL expression over the source row, evaluated by production's server (e.g. a CASE or a concatenation). */
  record Expression(String sql) implements ColumnSource {}
}
