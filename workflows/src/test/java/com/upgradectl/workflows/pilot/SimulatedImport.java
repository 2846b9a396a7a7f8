package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.ProgressCoalescer;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An import of many tables over a long simulated time, run inside the fake importAllTables: lanes copy
 * the tables one chunk at a time on a simulated clock, every chunk's report (every table, as the
 * activities' tracker sends it) goes through the same {@link ProgressCoalescer} the worker's sink uses,
 * and what it lets through is signalled to the workflow for real. Most tables are small; the last
 * ones take the whole duration, so the copy is long and never idle.
 */
final class SimulatedImport {
  private static final long SMALL_TABLE_ROWS = 10_000;
  private static final long ROWS_PER_SECOND_PER_LANE = 5_000;
  private static final long CHUNK_ROWS = 50_000;
  private static final String STEP = "import: copying";

  private final WorkflowClient client;
  private final List<String> tables;
  private final Duration duration;
  private final int lanes;
  final AtomicInteger signals = new AtomicInteger();
  final AtomicInteger largestSignalTables = new AtomicInteger();

  SimulatedImport(WorkflowClient client, List<String> tables, Duration duration, int lanes) {
    this.client = client;
    this.tables = List.copyOf(tables);
    this.duration = duration;
    this.lanes = lanes;
  }

  CopyResult run() {
    WorkflowStub workflow = client.newUntypedWorkflowStub(Activity.getExecutionContext().getInfo().getWorkflowId());
    ProgressCoalescer coalescer = new ProgressCoalescer();
    long[] totals = rowsPerTable();
    TableProgress[] progress = new TableProgress[tables.size()];
    for (int i = 0; i < progress.length; i++) {
      progress[i] = new TableProgress(tables.get(i), 0, totals[i], 0, false);
    }
    Deque<Integer> waiting = new ArrayDeque<>();
    for (int i = 0; i < tables.size(); i++) {
      waiting.add(i);
    }
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    int[] laneTable = new int[lanes];
    long[] laneAtMillis = new long[lanes];
    Arrays.fill(laneTable, -1);
    for (int lane = 0; lane < lanes; lane++) {
      laneTable[lane] = waiting.isEmpty() ? -1 : waiting.poll();
    }
    while (true) {
      int lane = nextLane(laneTable, laneAtMillis);
      if (lane < 0) {
        break;
      }
      int table = laneTable[lane];
      TableProgress p = progress[table];
      long rows = Math.min(CHUNK_ROWS, p.rowsTotal() - p.rowsDone());
      laneAtMillis[lane] += rows * 1000 / ROWS_PER_SECOND_PER_LANE;
      boolean done = p.rowsDone() + rows == p.rowsTotal();
      progress[table] = new TableProgress(p.table(), p.rowsDone() + rows, p.rowsTotal(), (p.rowsDone() + rows) * 100, done);
      if (done) {
        laneTable[lane] = waiting.isEmpty() ? -1 : waiting.poll();
      }
      ProgressReport due = coalescer.offer(new ProgressReport(STEP, List.of(progress)),
          start.plusMillis(laneAtMillis[lane]));
      if (due != null) {
        workflow.signal("reportProgress", due);
        signals.incrementAndGet();
        largestSignalTables.accumulateAndGet(due.tables().size(), Math::max);
      }
    }
    List<CopyResult.TableCopied> copied = new ArrayList<>();
    List<TableCheck> checks = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      copied.add(new CopyResult.TableCopied(tables.get(i), totals[i], totals[i] * 100, 0));
      checks.add(new TableCheck(tables.get(i), totals[i], totals[i], "sum", "sum"));
    }
    return new CopyResult(copied, duration.toMillis(), new VerificationReport(checks), null);
  }

  /** All small but the last {@code lanes} tables, which share what is left of the duration. */
  private long[] rowsPerTable() {
    long[] rows = new long[tables.size()];
    int small = tables.size() - lanes;
    long smallMillisPerLane = small * SMALL_TABLE_ROWS * 1000 / ROWS_PER_SECOND_PER_LANE / lanes;
    long bigRows = (duration.toMillis() - smallMillisPerLane) * ROWS_PER_SECOND_PER_LANE / 1000;
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i < small ? SMALL_TABLE_ROWS : bigRows;
    }
    return rows;
  }

  private static int nextLane(int[] laneTable, long[] laneAtMillis) {
    int next = -1;
    for (int lane = 0; lane < laneTable.length; lane++) {
      if (laneTable[lane] >= 0 && (next < 0 || laneAtMillis[lane] < laneAtMillis[next])) {
        next = lane;
      }
    }
    return next;
  }
}
