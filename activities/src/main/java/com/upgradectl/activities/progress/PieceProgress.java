package com.upgradectl.activities.progress;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The progress of every piece this worker copies for one workflow, reported through one sink (one
 * coalescer): a worker sends at most one signal per interval however many pieces it runs, so an import
 * of thousands of pieces costs the workflow's history what one long copy does.
 */
public final class PieceProgress {
  /** Workflows whose imports are remembered at once; the oldest is forgotten first. */
  private static final int WORKFLOWS_KEPT = 64;

  private final Function<String, ProgressSink> sinks;
  private final Clock clock;
  private final Map<String, Shared> byWorkflow = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Shared> eldest) {
      return size() > WORKFLOWS_KEPT;
    }
  };

  /** @param sinks the sink signalling a workflow, by its id */
  public PieceProgress(Function<String, ProgressSink> sinks, Clock clock) {
    this.sinks = sinks;
    this.clock = clock;
  }

  /** Progress signalled to each pilot's workflow, the way a whole copy's is. */
  public static PieceProgress signalling(WorkflowClient client) {
    return new PieceProgress(id -> new WorkflowProgressSink(client, id, Clock.systemUTC()), Clock.systemUTC());
  }

  /** What the worker's pieces report nowhere (tests, benches). */
  public static PieceProgress none() {
    return new PieceProgress(id -> ProgressSink.NONE, Clock.systemUTC());
  }

  /** Adds one piece's progress to what this worker reports to the workflow. */
  public synchronized void report(String workflowId, String step, TableProgress piece) {
    Shared shared = byWorkflow.computeIfAbsent(workflowId, id -> new Shared(sinks.apply(id), clock.instant()));
    shared.parts.put(piece.table() + "\u0000" + piece.part(), piece);
    Instant now = clock.instant();
    shared.sink.report(new ProgressReport(step, new ArrayList<>(shared.parts.values()), shared.startedAt,
        shared.startedAt, now, 0));
  }

  /**
   * This worker's share of one table of the workflow's import: its parts summed (every part, when it
   * copies them all); what the table's gauges of this worker show, so a dashboard summing the workers
   * sees the whole table.
   */
  public synchronized TableProgress share(String workflowId, String table) {
    Shared shared = byWorkflow.get(workflowId);
    long done = 0;
    long total = 0;
    long bytes = 0;
    boolean allDone = true;
    if (shared != null) {
      for (TableProgress part : shared.parts.values()) {
        if (part.table().equals(table)) {
          done += part.rowsDone();
          total += part.rowsTotal();
          bytes += part.bytesDone();
          allDone &= part.done();
        }
      }
    }
    return new TableProgress(table, done, total, bytes, allDone, null);
  }

  private static final class Shared {
    final ProgressSink sink;
    final Instant startedAt;
    final Map<String, TableProgress> parts = new LinkedHashMap<>();

    Shared(ProgressSink sink, Instant startedAt) {
      this.sink = sink;
      this.startedAt = startedAt;
    }
  }

  /** The parts reported so far for the workflow, for tests. */
  synchronized List<TableProgress> reported(String workflowId) {
    Shared shared = byWorkflow.get(workflowId);
    return shared == null ? List.of() : List.copyOf(shared.parts.values());
  }
}
