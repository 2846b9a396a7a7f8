package com.upgradectl.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every number the CLI prints to people, in one format: counts grouped by thousands (28,802 rows),
 * sizes in MB with one decimal (33.5 MB), durations in seconds with one decimal (6.2 s), rates as
 * whole numbers (12,345 rows/s). Commands never format a figure themselves.
 */
final class Figures {
  /** A byte count, a millisecond count, or a plain integer of 4 digits or more standing on its own in a text. */
  private static final Pattern FIGURE_IN_TEXT =
      Pattern.compile("(?<![\\w.:#'/-])(\\d{1,18}) (bytes|ms)\\b|(?<![\\w.:#'/-])(\\d{4,18})(?![\\w.:'/-])");

  private Figures() {}

  /** A count of anything: rows, keys, tables, sessions. */
  static String count(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  static String rows(long rows) {
    return count(rows);
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** A rate as a whole number, "-" when no time has passed to measure it over. */
  static String perSecond(long count, long millis) {
    return millis <= 0 ? "-" : count(Math.round(count * 1000.0 / millis));
  }

  /** A share of a whole as a whole percent, never above 100. */
  static String percent(long part, long whole) {
    return (whole <= 0 ? 0 : Math.min(100, part * 100 / whole)) + "%";
  }

  /**
   * A text written elsewhere (the workflow's history, a failure) with its figures in this format:
   * "28802 rows, 33529384 bytes in 6213 ms" reads "28,802 rows, 33.5 MB in 6.2 s". Numbers inside
   * names, times, versions and quoted values are left as they are.
   */
  static String inText(String text) {
    if (text == null) {
      return null;
    }
    Matcher figure = FIGURE_IN_TEXT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (figure.find()) {
      String replacement;
      if (figure.group(1) != null) {
        long value = Long.parseLong(figure.group(1));
        replacement = figure.group(2).equals("bytes") ? megabytes(value) : seconds(value);
      } else {
        replacement = count(Long.parseLong(figure.group(3)));
      }
      figure.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    figure.appendTail(out);
    return out.toString();
  }
}
