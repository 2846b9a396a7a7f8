package com.upgradectl.workflows.production;

import static com.upgradectl.workflows.common.StepOptions.UNDO;

import com.upgradectl.workflows.pilot.Failures;
import com.upgradectl.workflows.pilot.StepTracker;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The inverses of the steps done so far, registered BEFORE each step (a step that timed out may
 * still have happened; every inverse is idempotent) and run newest first. Once an inverse fails, the
 * older ones are skipped, not run: unblocking a production whose restore failed would let the
 * application write into a half-migrated database, and dropping the safety copy then could cost the
 * only good copy.
 */
final class ProductionUndo {
  private record Inverse(String what, Consumer<ProductionActivities> action) {}

  private final StepTracker steps;
  private final List<Inverse> inverses = new ArrayList<>();
  private final List<String> undone = new ArrayList<>();
  private final List<String> notUndone = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  ProductionUndo(StepTracker steps) {
    this.steps = steps;
  }

  /** @param what says what the inverse does, e.g. "unblock servicedesk" */
  void register(String what, Consumer<ProductionActivities> inverse) {
    inverses.add(new Inverse(what, inverse));
  }

  /** Withdraws an inverse that must no longer run, named as it was registered. */
  void withdraw(String what) {
    inverses.removeIf(inverse -> inverse.what().equals(what));
  }

  /** Runs the inverses newest first, in a scope a cancellation of the workflow cannot interrupt. */
  void runAll() {
    Workflow.newDetachedCancellationScope(() -> {
      for (int i = inverses.size() - 1; i >= 0; i--) {
        run(inverses.get(i));
      }
    }).run();
    inverses.clear();
  }

  boolean complete() {
    return notUndone.isEmpty();
  }

  List<String> undone() {
    return List.copyOf(undone);
  }

  List<String> notUndone() {
    return List.copyOf(notUndone);
  }

  List<String> skipped() {
    return List.copyOf(skipped);
  }

  private void run(Inverse inverse) {
    if (!notUndone.isEmpty()) {
      skipped.add(inverse.what());
      steps.note("NOT done, because an earlier undo step failed: " + inverse.what());
      return;
    }
    try {
      steps.perform("undo: " + inverse.what(), () -> inverse.action().accept(
          ProductionActivityStubs.production(UNDO, "undo the production upgrade: " + inverse.what())));
      undone.add(inverse.what());
      steps.note("undone: " + inverse.what());
    } catch (TemporalFailure e) {
      notUndone.add(inverse.what() + " (" + Failures.cause(e) + ")");
      steps.note("COULD NOT UNDO: " + inverse.what() + ": " + Failures.cause(e));
    }
  }
}
