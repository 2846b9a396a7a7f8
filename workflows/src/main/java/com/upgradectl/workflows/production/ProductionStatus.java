package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.StepTiming;
import com.upgradectl.workflows.common.TableProgress;
import java.util.List;

/**
 * The answer to the {@code status} query: what `upgradectl status` and `watch` show.
 *
 * @param step the step under way, or null between steps and at the end
 * @param progress per-table progress of the step under way, when it reports any
 * @param history one line per completed step, oldest first
 * @param sessionsEnded the application's sessions blocking ended: user, application, client address
 * @param migrationsApplied the in-place migrations applied to production
 * @param verification the check of the migrated production, null until it ran
 * @param failedStep the step that failed, null when none did
 * @param failure what failed and why, and what was done about it; null when nothing failed
 * @param databasesLeft databases this upgrade leaves on the server besides production, each with why
 *     (the safety copy when kept or not droppable, the failed production renamed aside...)
 * @param timing while a step runs: since when, its activity's sub-step and the times of its progress
 *     reports; null between steps
 */
public record ProductionStatus(
    ProductionPlan plan,
    ProductionPhase phase,
    String step,
    List<TableProgress> progress,
    List<String> history,
    List<String> sessionsEnded,
    List<String> migrationsApplied,
    ProductionVerification verification,
    String failedStep,
    String failure,
    List<String> databasesLeft,
    StepTiming timing) {

  /** A status without the step's timing (the shape it had before it existed). */
  public ProductionStatus(ProductionPlan plan, ProductionPhase phase, String step, List<TableProgress> progress,
      List<String> history, List<String> sessionsEnded, List<String> migrationsApplied,
      ProductionVerification verification, String failedStep, String failure, List<String> databasesLeft) {
    this(plan, phase, step, progress, history, sessionsEnded, migrationsApplied, verification, failedStep, failure,
        databasesLeft, null);
  }
}
