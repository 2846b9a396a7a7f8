package com.upgradectl.workflows.imports;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.StepOptions;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An import run as activities on the task queue, inside the pilot's workflow: the layout, a holder
 * of the read point, slices of piece copies and table checks as child workflows, the finish. When the
 * read point is lost (its holder's worker died) everything copied at it is emptied and the import
 * starts again at a new one, at most {@link #READ_POINTS} times.
 */
public final class PieceImport {
  static final int READ_POINTS = 3;
  /** A slice's workflow id is its upgrade's, this, the read point's generation and the slice's name. */
  private static final String SLICE_ID_PART = "/import-";
  /** Version of the import that lets the read point's holder end by itself after a finished import. */
  private static final String HOLDER_ENDS_ITSELF = "import-holder-ends-itself";

  private final PilotPlan plan;
  private final String workflowId;
  private final Consumer<String> note;
  private final Consumer<ImportLayout> copyingFromEmpty;

  /**
   * @param note where the import says what happens (the pilot's history lines)
   * @param copyingFromEmpty told each time the copy starts at a read point, the first and every new
   *     one: the progress of the pieces so far no longer counts
   */
  public PieceImport(PilotPlan plan, Consumer<String> note, Consumer<ImportLayout> copyingFromEmpty) {
    this.plan = plan;
    this.workflowId = Workflow.getInfo().getWorkflowId();
    this.note = note;
    this.copyingFromEmpty = copyingFromEmpty;
  }

  public ImportLayout plan() {
    return activities(StepOptions.LONG, "plan the import of " + plan.productionDatabase() + " into "
        + plan.pilotDatabase() + ": tables cut into key ranges, keys and indexes off the pilot").planImport(plan);
  }

  /**
   * The upgrade a workflow id belongs to: the id itself, or for a slice of an import its pilot's, so
   * that what the slice's activities report (metrics, progress) is counted for the upgrade.
   */
  public static String upgradeOf(String workflowId) {
    int slice = workflowId.lastIndexOf(SLICE_ID_PART);
    return slice < 0 ? workflowId : workflowId.substring(0, slice);
  }

  /** Copies and verifies every piece of the layout and finishes the pilot's tables. */
  public CopyResult run(ImportLayout layout) {
    long started = Workflow.currentTimeMillis();
    for (int generation = 1; ; generation++) {
      if (generation > 1) {
        int current = generation;
        activities(StepOptions.ADMIN, "empty the pilot's imported tables to copy them again at read point "
            + current).restartImport(plan, current);
      }
      copyingFromEmpty.accept(layout);
      try {
        return atReadPoint(layout, generation, started);
      } catch (ReadPointLost lost) {
        if (generation >= READ_POINTS) {
          throw ApplicationFailure.newNonRetryableFailure("the import lost its read point of "
              + plan.productionDatabase() + " " + generation + " times (" + lost.getMessage() + "); giving up",
              FailureTypes.STEP_FAILED);
        }
        note.accept("lost read point " + generation + " of " + plan.productionDatabase() + " (" + lost.getMessage()
            + "): the rows copied at it are emptied and the import starts again at a new read point");
      }
    }
  }

  private CopyResult atReadPoint(ImportLayout layout, int generation, long started) {
    Promise<Void>[] holder = new Promise[1];
    CancellationScope holding = Workflow.newCancellationScope(() -> holder[0] = Async.procedure(
        activities(StepOptions.HOLD, "hold read point " + generation + " of " + plan.productionDatabase()
            + " open for the import's copies")::holdReadPoint, plan, generation));
    holding.run();
    boolean finished = false;
    try {
      List<PieceRef> pieces = pieces(layout);
      List<PieceCopied> copied = new ArrayList<>();
      for (int from = 0; from < pieces.size(); from += ImportSliceWorkflow.MAX_ACTIVITIES) {
        List<PieceRef> share = pieces.subList(from, Math.min(pieces.size(), from + ImportSliceWorkflow.MAX_ACTIVITIES));
        copied.addAll(slice(new ImportSlice(plan, generation, share, List.of(), workflowId),
            "copy-" + share.get(0).piece(), holder[0]).copied());
      }
      List<String> tables = layout.tables().stream().map(PlannedTable::table).toList();
      List<TableCheck> checks = new ArrayList<>();
      for (int from = 0; from < tables.size(); from += ImportSliceWorkflow.MAX_ACTIVITIES) {
        List<String> share = tables.subList(from, Math.min(tables.size(), from + ImportSliceWorkflow.MAX_ACTIVITIES));
        // numbered, not named after its first table: ids stay readable in an encrypted history
        checks.addAll(slice(new ImportSlice(plan, generation, List.of(), share, workflowId),
            "verify-" + (from + 1), holder[0]).checks());
      }
      VerificationReport report = new VerificationReport(checks);
      if (report.allMatch()) {
        guarded(holder[0], () -> activities(StepOptions.LONG, "build the pilot's keys, indexes and foreign keys"
            + " again, advance its sequences").finishImport(plan, generation));
        finished = true;
      }
      return new CopyResult(perTable(layout, copied), Workflow.currentTimeMillis() - started, report);
    } finally {
      if (finished && Workflow.getVersion(HOLDER_ENDS_ITSELF, Workflow.DEFAULT_VERSION, 1) == 1) {
        // The finish dropped the pilot's read-point record, which the holder sees within a second and
        // returns. A cancel sent then crosses the holder's own end: the Temporal test server rejects
        // that workflow task (ACTIVITY_UNKNOWN) and never schedules another, the pilot stalls.
        Workflow.await(() -> holder[0].isCompleted());
        holder[0].getFailure(); // a holder lost after the finish costs nothing: the pilot's tables are done
      } else {
        holding.cancel();
      }
    }
  }

  /** Runs a slice as a child workflow, abandoned the moment the read point's holder ends. */
  private SliceResult slice(ImportSlice slice, String name, Promise<Void> holder) {
    String id = workflowId + SLICE_ID_PART + slice.generation() + "-" + name;
    ImportSliceWorkflow child = Workflow.newChildWorkflowStub(ImportSliceWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
        .build());
    Promise<SliceResult>[] result = new Promise[1];
    CancellationScope running = Workflow.newCancellationScope(() -> result[0] = Async.function(child::run, slice));
    running.run();
    Workflow.await(() -> result[0].isCompleted() || holder.isCompleted());
    if (!result[0].isCompleted()) {
      running.cancel();
      throw new ReadPointLost("its holder ended: " + failureOf(holder));
    }
    try {
      return result[0].get();
    } catch (ChildWorkflowFailure e) {
      if (lostReadPoint(e)) {
        throw new ReadPointLost(rootMessage(e));
      }
      throw e;
    }
  }

  private void guarded(Promise<Void> holder, Runnable call) {
    if (holder.isCompleted()) {
      throw new ReadPointLost("its holder ended: " + failureOf(holder));
    }
    try {
      call.run();
    } catch (ActivityFailure e) {
      if (lostReadPoint(e)) {
        throw new ReadPointLost(rootMessage(e));
      }
      throw e;
    }
  }

  private static boolean lostReadPoint(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure a && ImportPieceActivities.READ_POINT_LOST.equals(a.getType())) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ApplicationFailure a ? a.getOriginalMessage() : t.getMessage();
  }

  private static String failureOf(Promise<Void> holder) {
    RuntimeException failure = holder.getFailure();
    return failure == null ? "it returned" : rootMessage(failure);
  }

  private static List<PieceRef> pieces(ImportLayout layout) {
    List<PieceRef> pieces = new ArrayList<>();
    for (PlannedTable table : layout.tables()) {
      for (int i = 0; i < table.pieces(); i++) {
        pieces.add(new PieceRef(table.firstPiece() + i, table.table(), i + 1, table.pieces()));
      }
    }
    return pieces;
  }

  /** The pieces' figures summed per table, in the layout's order. */
  private static List<TableCopied> perTable(ImportLayout layout, List<PieceCopied> copied) {
    Map<String, long[]> sums = new LinkedHashMap<>();
    layout.tables().forEach(t -> sums.put(t.table(), new long[3]));
    for (PieceCopied piece : copied) {
      long[] sum = sums.computeIfAbsent(piece.table(), t -> new long[3]);
      sum[0] += piece.rows();
      sum[1] += piece.bytes();
      sum[2] += piece.resumedAfterRows();
    }
    List<TableCopied> tables = new ArrayList<>();
    sums.forEach((table, sum) -> tables.add(new TableCopied(table, sum[0], sum[1], sum[2])));
    return tables;
  }

  private static ImportPieceActivities activities(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(ImportPieceActivities.class,
        ActivityOptions.newBuilder(options).setSummary(summary).build());
  }

  /** The read point the import's activities share is gone; the import starts again at a new one. */
  static final class ReadPointLost extends RuntimeException {
    ReadPointLost(String message) {
      super(message);
    }
  }
}
