package com.upgradectl.activities.platform.sqlserver;

import java.util.ArrayList;
import java.util.List;

/**
 * Key values as JDBC read them, made comparable across the two databases: the same key read from a
 * production {@code int} column and a pilot {@code bigint} one must be one key, not two (a key listed
 * twice would stage its row twice).
 */
final class SqlServerKeyValues {
  private SqlServerKeyValues() {}

  static List<Object> normalized(List<Object> values) {
    List<Object> key = new ArrayList<>(values.size());
    for (Object value : values) {
      key.add(value instanceof Byte || value instanceof Short || value instanceof Integer
          ? Long.valueOf(((Number) value).longValue()) : value);
    }
    return key;
  }
}
