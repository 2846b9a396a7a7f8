package com.upgradectl.workflows.imports;

import com.upgradectl.workflows.common.StepOptions;
import com.upgradectl.workflows.common.TableCheck;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.VersioningBehavior;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowVersioningBehavior;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

public final class ImportSliceWorkflowImpl implements ImportSliceWorkflow {

  /** Pinned: a slice ends with its copies, on the code that started it (the pilot's own workflow upgrades). */
  @Override
  @WorkflowVersioningBehavior(VersioningBehavior.PINNED)
  public SliceResult run(ImportSlice slice) {
    int parallelism = Math.max(1, slice.plan().parallelism());
    List<PieceCopied> copied = bounded(parallelism, slice.pieces(), piece -> activities(StepOptions.LONG,
        "copy " + piece.describe() + " from " + slice.plan().productionDatabase() + " (read point "
            + slice.generation() + ")").copyPiece(new PieceRequest(slice.plan(), slice.generation(), piece,
                slice.progressWorkflowId())));
    List<TableCheck> checks = bounded(parallelism, slice.tablesToVerify(), table -> activities(StepOptions.LONG,
        "verify " + table + " against " + slice.plan().productionDatabase() + " at read point " + slice.generation())
        .verifyTable(slice.plan(), slice.generation(), table));
    return new SliceResult(copied, checks);
  }

  /**
   * Runs one activity per item, never more than {@code limit} at once, and returns their results in
   * the items' order. The first failure fails the slice; the activities still running are cancelled
   * with it.
   */
  private static <T, R> List<R> bounded(int limit, List<T> items, Function<T, R> call) {
    Map<Integer, Promise<R>> running = new LinkedHashMap<>();
    List<R> results = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      results.add(null);
    }
    int next = 0;
    while (next < items.size() || !running.isEmpty()) {
      while (running.size() < limit && next < items.size()) {
        T item = items.get(next);
        running.put(next, Async.function(call::apply, item));
        next++;
      }
      Promise.anyOf(running.values()).get();
      for (var it = running.entrySet().iterator(); it.hasNext();) {
        var entry = it.next();
        if (entry.getValue().isCompleted()) {
          results.set(entry.getKey(), entry.getValue().get());
          it.remove();
        }
      }
    }
    return results;
  }

  private static ImportPieceActivities activities(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(ImportPieceActivities.class,
        ActivityOptions.newBuilder(options).setSummary(summary).build());
  }
}
