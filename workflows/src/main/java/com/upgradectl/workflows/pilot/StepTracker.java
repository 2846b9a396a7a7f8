package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.StepDone;
import com.upgradectl.workflows.common.StepTiming;
import com.upgradectl.workflows.common.StepProgress;
import com.upgradectl.workflows.common.TableProgress;
import io.temporal.workflow.Workflow;
import java.time.Duration;
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
  /** Ended steps kept for the current details. */
  static final int COMPLETED_LIMIT = 30;

  private final Runnable onChange;
  private final Map<String, TableProgress> progress = new LinkedHashMap<>();
  private final List<String> history = new ArrayList<>();
  private String current;
  private ProgressReport latest;
  private String failedStep;
  private StepTiming timing;
  private final List<StepDone> completed = new ArrayList<>();

  /** @param onChange called after every change, to publish the current details */
  public StepTracker(Runnable onChange) {
    this.onChange = onChange;
  }

  public <T> T call(String step, Supplier<T> activityCall) {
    start(step);
    try {
      T result = activityCall.get();
      finish(false);
      return result;
    } catch (RuntimeException e) {
      failedStep = step;
      finish(true);
      throw e;
    }
  }

  public void perform(String step, Runnable activityCall) {
    call(step, () -> {
      activityCall.run();
      return null;
    });
  }

  /**
   * Keeps the latest progress of each table of the step under way (a report may name only the tables
   * that changed) and the activity's sub-step; reports outside a step are stale and dropped.
   */
  public void progress(ProgressReport report) {
    if (current == null || report == null || report.tables() == null) {
      return;
    }
    for (TableProgress table : report.tables()) {
      progress.put(table.table(), table);
    }
    Instant now = now();
    if (timing == null) {
      timing = new StepTiming(now, null, null, null, 0, null);
    }
    String subStep = report.step() == null ? timing.subStep() : report.step();
    Instant subStepStartedAt = subStep != null && subStep.equals(timing.subStep()) ? timing.subStepStartedAt() : now;
    timing = timing.firstReportAt() == null
        ? new StepTiming(timing.stepStartedAt(), subStep, subStepStartedAt, now, StepTiming.rowsDone(progress()), now)
        : new StepTiming(timing.stepStartedAt(), subStep, subStepStartedAt, timing.firstReportAt(),
            timing.rowsAtFirstReport(), now);
    latest = report;
    onChange.run();
  }

  /** The steps ended since {@link #forgetCompleted()}, oldest first (the last {@value #COMPLETED_LIMIT}). */
  public List<StepDone> completed() {
    return List.copyOf(completed);
  }

  /** Starts a new list of ended steps (a new piece of work: a refresh, the switch). */
  public void forgetCompleted() {
    completed.clear();
  }

  /** When the step under way began, its sub-step and the times of its reports; null between steps. */
  public StepTiming timing() {
    return timing;
  }

  /** Adds a timestamped line to the history. */
  public void note(String line) {
    Instant now = now().truncatedTo(ChronoUnit.SECONDS);
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
      return new StepProgress(timing.stepStartedAt(), null, null, null, null, 0);
    }
    return new StepProgress(timing.stepStartedAt(), latest.step(), latest.startedAt(), latest.stepStartedAt(),
        latest.reportedAt(), latest.rowsAtStart());
  }

  public List<String> history() {
    return List.copyOf(history);
  }

  private void start(String step) {
    current = step;
    timing = new StepTiming(now(), null, null, null, 0, null);
    latest = null;
    progress.clear();
    onChange.run();
  }

  private void finish(boolean failed) {
    // a step run inside another (none today) has cleared the timing already
    Duration took = timing == null ? Duration.ZERO : Duration.between(timing.stepStartedAt(), now());
    if (current != null) {
      completed.add(new StepDone(current, took, failed));
      if (completed.size() > COMPLETED_LIMIT) {
        completed.remove(0);
      }
    }
    current = null;
    timing = null;
    latest = null;
    progress.clear();
    onChange.run();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
