package com.upgradectl.workflows.common;

import java.util.List;

/**
 * Row count and order-independent checksum of one table on both sides: the expected side is the
 * production rows as the package maps them, the actual side is the copy.
 *
 * @param columns the target columns the checksums cover (those the package's mapping fills; columns
 *     left to their defaults are not compared), so the copy can be checked again later without
 *     production, e.g. after the switch
 */
public record TableCheck(String table, long expectedRows, long actualRows, String expectedChecksum,
    String actualChecksum, List<String> columns) {

  public TableCheck {
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  public TableCheck(String table, long expectedRows, long actualRows, String expectedChecksum, String actualChecksum) {
    this(table, expectedRows, actualRows, expectedChecksum, actualChecksum, List.of());
  }

  public boolean matches() {
    return expectedRows == actualRows && expectedChecksum.equals(actualChecksum);
  }
}
