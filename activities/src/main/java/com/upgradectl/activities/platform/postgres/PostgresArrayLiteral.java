package com.upgradectl.activities.platform.postgres;

import java.util.List;

/** The text of a one-dimensional PostgreSQL array of values given as text, each quoted. */
final class PostgresArrayLiteral {
  private PostgresArrayLiteral() {}

  /** Every element double-quoted, so that commas, braces, blanks and the word NULL stay values. */
  static String of(List<String> values) {
    StringBuilder text = new StringBuilder(values.size() * 10 + 2).append('{');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      String value = values.get(i);
      if (value == null) {
        throw new IllegalArgumentException("a key value is null: keys are never null");
      }
      text.append('"');
      for (int c = 0; c < value.length(); c++) {
        char ch = value.charAt(c);
        if (ch == '"' || ch == '\\') {
          text.append('\\');
        }
        text.append(ch);
      }
      text.append('"');
    }
    return text.append('}').toString();
  }
}
