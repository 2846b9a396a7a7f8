package com.upgradectl.workflows.common;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When the step under way began, which sub-step its activity last reported (copying, checking,
 * replacing, verifying...) and since when, and the rows at the first and the latest progress
 * report: enough for the elapsed time, the rate and an estimate of the time left. Workflow time
 * throughout, so it replays identically.
 *
 * @param subStep the activity's own sub-step, null until it reports one
 * @param firstReportAt the first progress report of this step, null before it
 * @param rowsAtFirstReport rows done at that report (a resumed copy starts above zero)
 * @param lastReportAt the latest progress report, null before the first
 */
public record StepTiming(
    Instant stepStartedAt,
    String subStep,
    Instant subStepStartedAt,
    Instant firstReportAt,
    long rowsAtFirstReport,
    Instant lastReportAt) {

  /** Rows a second between the first and the latest report; 0 when not measurable yet. */
  public double rowsPerSecond(List<TableProgress> tables) {
    if (firstReportAt == null || lastReportAt == null) {
      return 0;
    }
    long millis = Duration.between(firstReportAt, lastReportAt).toMillis();
    long rows = rowsDone(tables) - rowsAtFirstReport;
    return millis <= 0 || rows <= 0 ? 0 : rows * 1000.0 / millis;
  }

  /** The time the rows left need at the measured rate, from the latest report; null when unknown or nothing is left. */
  public Duration remaining(List<TableProgress> tables) {
    double rate = rowsPerSecond(tables);
    long left = rowsTotal(tables) - rowsDone(tables);
    if (rate <= 0 || left <= 0) {
      return null;
    }
    return Duration.ofSeconds((long) Math.ceil(left / rate));
  }

  public static long rowsDone(List<TableProgress> tables) {
    return tables.stream().mapToLong(TableProgress::rowsDone).sum();
  }

  /** Estimates can be below what was already copied. */
  public static long rowsTotal(List<TableProgress> tables) {
    return tables.stream().mapToLong(t -> t.done() ? t.rowsDone() : Math.max(t.rowsTotal(), t.rowsDone())).sum();
  }
}
