package com.upgradectl.activities.copy;

import java.util.List;
import java.util.Optional;

/**
 * One table as a database catalog describes it.
 *
 * @param id the catalog's identifier of the table (PostgreSQL: its oid)
 * @param primaryKey primary-key columns in key order; empty when the table has none
 * @param estimatedRows the catalog's row estimate, 0 when unknown
 */
public record TableInfo(String schema, String name, long id, List<ColumnInfo> columns, List<String> primaryKey,
    long estimatedRows) {

  /** The column of that name: exactly, or else ignoring case when that is unambiguous. */
  public Optional<ColumnInfo> column(String columnName) {
    return CatalogNames.find(columns, ColumnInfo::name, columnName);
  }
}
