package com.upgradectl.activities.copy;

import java.util.List;
import java.util.Optional;

/**
 * One table as a database catalog describes it.
 *
 * @param id the catalog's identifier of the table (PostgreSQL: its oid)
 * @param primaryKey primary-key columns in key order; empty when the table has none
 * @param estimatedRows the catalog's row estimate, 0 when unknown
 * @param storedBytes what the table's rows take in the database's storage, 0 when unknown (SQL
 *     Server: its heap or clustered index pages; not read on PostgreSQL, whose COPY counts its bytes)
 */
public record TableInfo(String schema, String name, long id, List<ColumnInfo> columns, List<String> primaryKey,
    long estimatedRows, long storedBytes) {

  public TableInfo(String schema, String name, long id, List<ColumnInfo> columns, List<String> primaryKey,
      long estimatedRows) {
    this(schema, name, id, columns, primaryKey, estimatedRows, 0);
  }

  /**
   * The bytes {@code rows} of this table take, by its average stored row (0 when either figure is
   * unknown): what a copier that cannot count the bytes it moves reports.
   */
  public long estimatedBytes(long rows) {
    if (rows <= 0 || storedBytes <= 0 || estimatedRows <= 0) {
      return 0;
    }
    return Math.round(rows * (storedBytes / (double) estimatedRows));
  }

  /** The column of that name: exactly, or else ignoring case when that is unambiguous. */
  public Optional<ColumnInfo> column(String columnName) {
    return CatalogNames.find(columns, ColumnInfo::name, columnName);
  }
}
