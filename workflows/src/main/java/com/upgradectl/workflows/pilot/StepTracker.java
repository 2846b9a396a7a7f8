package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.StepProgress;
import com.upgradectl.workflows.common.TableProgress;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The step under way, its per-table progress and the history of steps: what `status`, `watch` and
 * the UI's current details show. Runs each step so that its name is known while it runs and, when
 * it fails, afterwards ({@link #failedStep()}).
 */
public final class StepTracker {
  /** History kept in status and carried over continue-as-new; older lines are dropped. */
  static final int HISTORY_LIMIT = 200;

  private final Runnable onChange;
  private final Map<String, TableProgress> progress = new LinkedHashMap<>();
  private final List<String> history = new ArrayList<>();
  private String current;
  private Instant currentSince;
  private ProgressReport latest;
  private String failedStep;

  /** @param onChange called after every change, to publish the current details */
  public StepTracker(Runnable onChange) {
    this.onChange = onChange;
  }

  public <T> T call(String step, Supplier<T> activityCall) {
    start(step);
    try {
      T result = activityCall.get();
      finish();
      return result;
    } catch (RuntimeException e) {
      failedStep = step;
      finish();
      throw e;
    }
  }

  public void perform(String step, Runnable activityCall) {
    call(step, () -> {
      activityCall.run();
      return null;
    });
  }

  /** Keeps the latest progress of each table of the step under way; reports outside a step are stale and dropped. */
  public void progress(ProgressReport report) {
    if (current == null || report == null || report.tables() == null) {
      return;
    }
    for (TableProgress table : report.tables()) {
      progress.put(table.table(), table);
    }
    latest = report;
    onChange.run();
  }

  /** Adds a timestamped line to the history. */
  public void note(String line) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis()).truncatedTo(ChronoUnit.SECONDS);
    history.add(now + " " + line);
    if (history.size() > HISTORY_LIMIT) {
      history.remove(0);
    }
    onChange.run();
  }

  public void restoreHistory(List<String> lines) {
    history.clear();
    history.addAll(lines);
  }

  public String current() {
    return current;
  }

  /** The step whose activity failed last. */
  public String failedStep() {
    return failedStep;
  }

  public List<TableProgress> progress() {
    return List.copyOf(progress.values());
  }

  /** What the step under way is doing and since when; null between steps. */
  public StepProgress stepProgress() {
    if (current == null) {
      return null;
    }
    if (latest == null) {
      return new StepProgress(currentSince, null, null, null, null, 0);
    }
    return new StepProgress(currentSince, latest.step(), latest.startedAt(), latest.stepStartedAt(),
        latest.reportedAt(), latest.rowsAtStart());
  }

  public List<String> history() {
    return List.copyOf(history);
  }

  private void start(String step) {
    current = step;
    // workflow time: reading it records nothing in the history
    currentSince = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    latest = null;
    progress.clear();
    onChange.run();
  }

  private void finish() {
    current = null;
    currentSince = null;
    latest = null;
    progress.clear();
    onChange.run();
  }
}
