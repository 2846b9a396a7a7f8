package com.upgradectl.activities.copy;

import com.upgradectl.pkg.ColumnSource;

/**
 * A target column the copy fills, and from what. A target column without a MappedColumn is left to
 * its default.
 *
 * @param targetType the target column's type, as the target catalog writes it
 */
public record MappedColumn(String target, String targetType, ColumnSource source) {

  /** The source column this one copies unchanged, or null when it is computed (constant, expression). */
  public String plainSourceColumn() {
    return source instanceof ColumnSource.SourceColumn column ? column.column() : null;
  }
}
