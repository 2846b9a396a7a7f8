package com.upgradectl.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Every time the CLI prints to people: local, to the second, with the offset, in one format. */
final class Times {
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

  private Times() {}

  static String shown(Instant at, ZoneId zone) {
    return SHOWN.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
  }
}
