package com.upgradectl.cli;

import java.util.Locale;

/** Numbers as the operator reads them. */
final class Figures {
  private Figures() {}

  static String rows(long rows) {
    return String.format(Locale.ROOT, "%,d", rows);
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static String perSecond(long count, long millis) {
    return millis <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f", count * 1000.0 / millis);
  }
}
