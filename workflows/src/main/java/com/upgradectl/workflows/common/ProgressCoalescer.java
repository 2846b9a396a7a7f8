package com.upgradectl.workflows.common;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which of a copy's progress reports become a {@code reportProgress} signal, and with what:
 * every signal is a history event of the workflow (four with its workflow task), so the signals of
 * one copy must stay bounded whatever its size and duration.
 *
 * <ul>
 *   <li>At most one signal per interval, the interval a thirtieth of the copy's age, between {@link
 *       #MIN_INTERVAL} and {@link #MAX_INTERVAL}: a one-minute import is shown every 2 s, a day-long one
 *       once a minute (about 1,500 signals in 24 hours).
 *   <li>A change of sub-step (copying, verifying...) is signalled at once: a handful per copy.
 *   <li>A signal carries only the tables that changed since the previous one (the workflow keeps the
 *       latest state of each table), so its size follows the tables being copied at once, not the
 *       package's table count.
 * </ul>
 *
 * One instance per activity attempt; not thread-safe (the sink serialises its calls).
 */
public final class ProgressCoalescer {
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(2);
  public static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
  private static final int AGE_DIVISOR = 30;

  private final Map<String, TableProgress> sent = new HashMap<>();
  private Instant firstReport;
  private Instant lastSent;
  private String stepSent;

  /** @return the report to signal now (the changed tables only), or null when nothing is due */
  public ProgressReport offer(ProgressReport report, Instant now) {
    if (report == null || report.tables() == null) {
      return null;
    }
    if (firstReport == null) {
      firstReport = now;
    }
    boolean newStep = stepSent == null || !stepSent.equals(report.step());
    if (!newStep && now.isBefore(lastSent.plus(intervalAt(now)))) {
      return null;
    }
    List<TableProgress> changed = new ArrayList<>();
    for (TableProgress table : report.tables()) {
      if (!table.equals(sent.get(table.table()))) {
        changed.add(table);
        sent.put(table.table(), table);
      }
    }
    if (changed.isEmpty() && !newStep) {
      return null;
    }
    lastSent = now;
    stepSent = report.step();
    // the times go with every signal: rate and time left are computed from them, whichever tables changed
    return new ProgressReport(report.step(), changed, report.startedAt(), report.stepStartedAt(), report.reportedAt(),
        report.rowsAtStart());
  }

  /** The least time between two signals of the same sub-step, at this moment of the copy. */
  Duration intervalAt(Instant now) {
    Duration age = Duration.between(firstReport, now).dividedBy(AGE_DIVISOR);
    if (age.compareTo(MIN_INTERVAL) < 0) {
      return MIN_INTERVAL;
    }
    return age.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : age;
  }
}
