package com.upgradectl.activities.progress;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-table progress of one copy operation, shared by its lanes; every change is passed on to
 * the sink as a whole report, with when the operation and its current step began (so a rate is the
 * work's own, not the onlooker's) and the rows a resumed attempt found already copied.
 */
public final class ProgressTracker {
  private final ProgressSink sink;
  private final Map<String, TableProgress> tables = new LinkedHashMap<>();
  private final Clock clock;
  private final Instant startedAt;
  private String step;
  private Instant stepStartedAt;
  private long rowsAtStart;

  public ProgressTracker(String step, ProgressSink sink) {
    this(step, sink, Clock.systemUTC());
  }

  public ProgressTracker(String step, ProgressSink sink, Clock clock) {
    this.step = step;
    this.sink = sink;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.stepStartedAt = startedAt;
  }

  /** Lists a table before its copy starts, so the report shows the whole work from the beginning. */
  public synchronized void planned(String table, long estimatedRows) {
    tables.put(table, new TableProgress(table, 0, Math.max(0, estimatedRows), 0, false));
  }

  public synchronized void started(String table, long rowsAlready) {
    TableProgress p = tables.getOrDefault(table, new TableProgress(table, 0, 0, 0, false));
    // a table started again (copied again after a mismatch) does not count its first rows twice
    rowsAtStart += Math.max(0, rowsAlready - p.rowsDone());
    tables.put(table, new TableProgress(table, rowsAlready, Math.max(p.rowsTotal(), rowsAlready), 0, false));
    publish();
  }

  public synchronized void chunk(String table, long rows, long bytes) {
    TableProgress p = tables.get(table);
    long done = p.rowsDone() + rows;
    tables.put(table, new TableProgress(table, done, Math.max(p.rowsTotal(), done), p.bytesDone() + bytes, false));
    publish();
  }

  /** The table's copy is complete: its total is now exact. */
  public synchronized void done(String table) {
    TableProgress p = tables.get(table);
    tables.put(table, new TableProgress(table, p.rowsDone(), p.rowsDone(), p.bytesDone(), true));
    publish();
  }

  /** A new phase of the same operation (e.g. from copying to verifying). */
  public synchronized void step(String newStep) {
    this.step = newStep;
    this.stepStartedAt = clock.instant();
    publish();
  }

  private void publish() {
    sink.report(new ProgressReport(step, new ArrayList<>(tables.values()), startedAt, stepStartedAt, clock.instant(),
        rowsAtStart));
  }
}
