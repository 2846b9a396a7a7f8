package com.upgradectl.activities.progress;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;

/**
 * Passes every progress report on, after setting each table's rows-remaining and percent gauges
 * from it: the same figures `watch` and the Temporal UI show, for dashboards and alerts.
 */
public final class ProgressGauges implements ProgressSink {
  private final CopyMetrics metrics;
  private final String operation;
  private final ProgressSink next;

  public ProgressGauges(CopyMetrics metrics, String operation, ProgressSink next) {
    this.metrics = metrics;
    this.operation = operation;
    this.next = next;
  }

  @Override
  public void report(ProgressReport report) {
    if (report.tables() != null) {
      for (TableProgress table : report.tables()) {
        metrics.progress(operation, table.table(), table.rowsDone(), table.rowsTotal(), table.done());
      }
    }
    next.report(report);
  }
}
