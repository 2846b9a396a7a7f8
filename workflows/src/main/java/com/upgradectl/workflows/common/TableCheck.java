package com.upgradectl.workflows.common;

/**
 * Row count and order-independent checksum of one table on both sides: the expected side is the
 * production rows as the package maps them, the actual side is the copy.
 */
public record TableCheck(String table, long expectedRows, long actualRows, String expectedChecksum, String actualChecksum) {
  public boolean matches() {
    return expectedRows == actualRows && expectedChecksum.equals(actualChecksum);
  }
}
