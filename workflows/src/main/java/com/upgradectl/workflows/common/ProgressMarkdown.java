package com.upgradectl.workflows.common;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The step under way as markdown for the Temporal UI's current details: its sub-step, elapsed time,
 * rows, rate and time left, and a table of the tables being copied. A package of a thousand tables
 * shows the ones in progress, not a thousand rows (the details are rebuilt at every report, on every
 * replay too, so they must stay cheap).
 */
public final class ProgressMarkdown {
  /** Up to this many tables, every table is listed; beyond it, only those in progress. */
  static final int ALL_TABLES_UP_TO = 12;

  private ProgressMarkdown() {}

  public static void append(StringBuilder md, String step, StepTiming timing, List<TableProgress> tables,
      Instant now) {
    if (step == null) {
      return;
    }
    md.append("\n**Step:** ").append(step);
    if (timing != null) {
      md.append(" · **elapsed** ").append(duration(Duration.between(timing.stepStartedAt(), now)));
      if (timing.subStep() != null) {
        md.append("\n\n**Now:** ").append(timing.subStep()).append(" · **for** ")
            .append(duration(Duration.between(timing.subStepStartedAt(), now)));
      }
    }
    md.append('\n');
    if (tables.isEmpty()) {
      return;
    }
    long done = StepTiming.rowsDone(tables);
    long total = StepTiming.rowsTotal(tables);
    long tablesDone = tables.stream().filter(TableProgress::done).count();
    md.append("\n**Rows:** ").append(count(done)).append(" of ").append(count(total))
        .append(total > 0 ? " (" + Math.min(100, done * 100 / total) + "%)" : "")
        .append(" · **tables done:** ").append(tablesDone).append(" of ").append(tables.size());
    if (timing != null) {
      double rate = timing.rowsPerSecond(tables);
      if (rate > 0) {
        md.append(" · **rate:** ").append(count(Math.round(rate))).append(" rows/s");
      }
      Duration left = timing.remaining(tables);
      if (left != null) {
        md.append(" · **ETA:** ").append(duration(left)).append(" (about ")
            .append(timing.lastReportAt().plus(left).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(')');
      }
      if (timing.lastReportAt() != null) {
        md.append(" · as of ").append(timing.lastReportAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
      }
    }
    md.append('\n');
    List<TableProgress> shown = tables.size() <= ALL_TABLES_UP_TO ? tables
        : tables.stream().filter(t -> !t.done() && t.rowsDone() > 0).toList();
    if (shown.isEmpty()) {
      return;
    }
    md.append("\n| Table | Rows done | Rows total | % |\n|---|---:|---:|---:|\n");
    for (TableProgress table : shown) {
      md.append("| ").append(table.table())
          .append(" | ").append(count(table.rowsDone()))
          .append(" | ").append(count(table.rowsTotal()))
          .append(" | ").append(percent(table)).append(" |\n");
    }
    if (shown.size() < tables.size()) {
      md.append("\n").append(tablesDone).append(" tables done, ")
          .append(tables.size() - tablesDone - shown.size()).append(" not started\n");
    }
  }

  /** The steps that ended, with how long each took, as a table. */
  public static void appendCompleted(StringBuilder md, List<StepDone> steps) {
    if (steps.isEmpty()) {
      return;
    }
    md.append("\n| Step done | Took |\n|---|---:|\n");
    for (StepDone step : steps) {
      md.append("| ").append(step.step()).append(step.failed() ? " (failed)" : "").append(" | ")
          .append(duration(step.took())).append(" |\n");
    }
  }

  public static String duration(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(TableProgress table) {
    if (table.done()) {
      return "100%";
    }
    if (table.rowsTotal() <= 0) {
      return "–";
    }
    return Math.min(99, table.rowsDone() * 100 / table.rowsTotal()) + "%";
  }
}
