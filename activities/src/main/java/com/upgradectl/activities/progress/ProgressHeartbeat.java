package com.upgradectl.activities.progress;

import com.upgradectl.activities.copy.CopyCheckpoint;
import com.upgradectl.activities.copy.Heartbeat;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Heartbeats that name the tables being copied: the copy's progress reports pass through {@link
 * #tee}, and each heartbeat carries the latest of them as {@link CopyHeartbeat} details. The SDK
 * throttles what reaches the server, and heartbeat details are not history events.
 */
public final class ProgressHeartbeat implements Heartbeat {
  private final Consumer<Object> target;
  private volatile ProgressReport latest;

  /** @param target the activity's own heartbeat (its execution context's heartbeat method) */
  public ProgressHeartbeat(Consumer<Object> target) {
    this.target = target;
  }

  /** A sink that remembers each report for the next heartbeat, then passes it on. */
  public ProgressSink tee(ProgressSink downstream) {
    return report -> {
      latest = report;
      downstream.report(report);
    };
  }

  @Override
  public void beat(CopyCheckpoint checkpoint) {
    target.accept(details(checkpoint));
  }

  CopyHeartbeat details(CopyCheckpoint checkpoint) {
    ProgressReport report = latest;
    if (report == null || report.tables() == null) {
      List<String> copying = checkpoint == null ? List.of()
          : List.of(checkpoint.table() + ": " + String.format(Locale.ROOT, "%,d", checkpoint.rows()) + " rows");
      return new CopyHeartbeat(null, copying, 0, 0, checkpoint);
    }
    List<TableProgress> tables = report.tables();
    // the table of the chunk just committed is named even before its first rows reach the report
    List<String> copying = tables.stream()
        .filter(t -> !t.done() && (t.rowsDone() > 0 || checkpoint != null && t.table().equals(checkpoint.table())))
        .map(t -> String.format(Locale.ROOT, "%s: %,d of ~%,d rows", t.table(), t.rowsDone(), t.rowsTotal()))
        .toList();
    long done = tables.stream().filter(TableProgress::done).count();
    return new CopyHeartbeat(report.step(), copying, done, tables.size(), checkpoint);
  }
}
