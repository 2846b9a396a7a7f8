package com.upgradectl.activities.platform.postgres;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One line of COPY's text format, from values given as text (never null: they are key values). */
final class CopyText {
  private CopyText() {}

  static byte[] line(List<String> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append('\t');
      }
      escape(values.get(i), line);
    }
    return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void escape(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }
}
