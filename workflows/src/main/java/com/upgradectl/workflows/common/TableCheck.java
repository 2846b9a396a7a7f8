package com.upgradectl.workflows.common;

import java.util.List;

/**
 * Row count and order-independent checksum of one table on both sides: the expected side is the
 * production rows as the package maps them, the actual side is the copy.
 *
 * @param columns the target columns the checksums cover (those the package's mapping fills; columns
 *     left to their defaults are not compared), so the copy can be checked again later without
 *     production, e.g. after the switch
 * @param keysTable null when the whole table was compared; else the table (schema.name, in the copy's
 *     database) holding the keys whose rows were compared: the final refresh of a switch checks only
 *     the keys it applied while production is frozen, the refresh before it having checked the rest
 * @param keyColumns the key columns {@code keysTable} holds (empty for a whole-table check)
 */
public record TableCheck(String table, long expectedRows, long actualRows, String expectedChecksum,
    String actualChecksum, List<String> columns, String keysTable, List<String> keyColumns) {

  public TableCheck {
    columns = columns == null ? List.of() : List.copyOf(columns);
    keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
  }

  public TableCheck(String table, long expectedRows, long actualRows, String expectedChecksum, String actualChecksum,
      List<String> columns) {
    this(table, expectedRows, actualRows, expectedChecksum, actualChecksum, columns, null, List.of());
  }

  /** The same comparison, said to cover only the rows whose keys are in {@code keysTable}. */
  public TableCheck ofKeysIn(String keysTable, List<String> keyColumns) {
    return new TableCheck(table, expectedRows, actualRows, expectedChecksum, actualChecksum, columns, keysTable,
        keyColumns);
  }

  /** Whether the whole table was compared, not only some keys' rows. */
  public boolean wholeTable() {
    return keysTable == null;
  }

  public TableCheck(String table, long expectedRows, long actualRows, String expectedChecksum, String actualChecksum) {
    this(table, expectedRows, actualRows, expectedChecksum, actualChecksum, List.of());
  }

  public boolean matches() {
    return expectedRows == actualRows && expectedChecksum.equals(actualChecksum);
  }
}
