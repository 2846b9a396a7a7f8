package com.upgradectl.activities.platform.sqlserver;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Key values as JDBC read them, made comparable across the two databases: the same key read from a
 * production {@code int} column and a pilot {@code bigint} one must be one key, not two (a key listed
 * twice would stage its row twice; the stage is also deduplicated by the server's own comparison).
 */
final class SqlServerKeyValues {
  private SqlServerKeyValues() {}

  static List<Object> normalized(List<Object> values) {
    List<Object> key = new ArrayList<>(values.size());
    for (Object value : values) {
      if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
        key.add(((Number) value).longValue());
      } else if (value instanceof BigDecimal decimal) {
        // decimal(10,2) and decimal(12,4) read 1.50 and 1.5000: one key.
        key.add(decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros());
      } else {
        key.add(value);
      }
    }
    return key;
  }
}
