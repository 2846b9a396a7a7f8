package com.upgradectl.workflows.production;

import static com.upgradectl.workflows.common.StepOptions.ADMIN;
import static com.upgradectl.workflows.common.StepOptions.CHECK;
import static com.upgradectl.workflows.common.StepOptions.LONG;
import static com.upgradectl.workflows.common.StepOptions.UNDO;
import static com.upgradectl.workflows.production.ProductionActivityStubs.production;
import static com.upgradectl.workflows.production.ProductionPhase.BLOCKING;
import static com.upgradectl.workflows.production.ProductionPhase.CLEANUP;
import static com.upgradectl.workflows.production.ProductionPhase.FAILED;
import static com.upgradectl.workflows.production.ProductionPhase.MIGRATING;
import static com.upgradectl.workflows.production.ProductionPhase.PREFLIGHT;
import static com.upgradectl.workflows.production.ProductionPhase.RESTORED;
import static com.upgradectl.workflows.production.ProductionPhase.RESTORING;
import static com.upgradectl.workflows.production.ProductionPhase.SAFETY_COPY;
import static com.upgradectl.workflows.production.ProductionPhase.UNBLOCKING;
import static com.upgradectl.workflows.production.ProductionPhase.UPGRADED;
import static com.upgradectl.workflows.production.ProductionPhase.VERIFYING;

import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.Failures;
import com.upgradectl.workflows.pilot.StepTracker;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.common.VersioningBehavior;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowVersioningBehavior;
import java.util.ArrayList;
import java.util.List;

/**
 * The production upgrade in one run:
 *
 * <pre>
 * PREFLIGHT -> BLOCKING -> SAFETY_COPY -> MIGRATING -> VERIFYING -> UNBLOCKING -> CLEANUP -> UPGRADED
 * any step up to VERIFYING fails -> RESTORING -> RESTORED   (production as before, open again)
 *                                             -> FAILED     (an undo step failed: a human is needed)
 * PREFLIGHT refuses -> FAILED, nothing changed
 * </pre>
 *
 * Every step registers its inverse before it runs. Until the migrations start, undoing is
 * unblocking (and dropping the unused safety copy); from then on it is restoring the safety copy
 * under production's name, the failed database renamed aside, never dropped. Once the migrated
 * production is verified there is no way back: later failures are reported, production stays
 * upgraded. Deterministic: no I/O, no clock but the workflow's.
 */
public class ProductionUpgradeWorkflowImpl implements ProductionUpgradeWorkflow {
  private final StepTracker steps = new StepTracker(this::publishDetails);
  private final ProductionMetrics metrics = new ProductionMetrics(() -> this.plan, this::status);
  private ProductionPlan plan;
  private ProductionPhase phase = PREFLIGHT;
  private ProductionPreflight preflight;
  private final List<String> sessionsEnded = new ArrayList<>();
  private List<String> migrationsApplied = List.of();
  private ProductionVerification verification;
  private String failedStep;
  private String failure;
  private final List<String> databasesLeft = new ArrayList<>();

  @Override
  @WorkflowVersioningBehavior(VersioningBehavior.PINNED)
  public ProductionStatus run(ProductionPlan plan) {
    this.plan = plan;
    upsertSearchAttributes();
    metrics.started(phase);
    validatePlan();
    preflight = preflight();
    upgrade(preflight);
    finishUpgraded();
    return status();
  }

  private void validatePlan() {
    try {
      if (plan == null) {
        throw new IllegalArgumentException("the plan is missing");
      }
      plan.validated();
    } catch (IllegalArgumentException e) {
      failedStep = "validate the plan";
      fail(FAILED, "bad plan: " + e.getMessage() + "; nothing was changed", FailureTypes.BAD_INPUT, null);
    }
  }

  private ProductionPreflight preflight() {
    String production = plan.productionDatabase();
    try {
      ProductionPreflight found = steps.call("preflight", () -> production(CHECK, "preflight: check " + production
          + ", the names, the privileges and the package " + packageName() + " (changes nothing)").preflight(plan));
      steps.note("preflight passed: " + found.platform() + ", " + production + " is at version "
          + (found.detectedVersion() == null ? "(not checked)" : found.detectedVersion()) + ", "
          + found.migrations().size() + " migration(s) to run: " + String.join(", ", found.migrations())
          + (found.warnings().isEmpty() ? "" : "; warnings: " + String.join("; ", found.warnings())));
      steps.note(found.sessionsToEnd().isEmpty() ? "no application session is on " + production + " now"
          : "blocking will end these sessions on " + production + ": " + String.join(", ", found.sessionsToEnd()));
      return found;
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      failedStep = steps.failedStep();
      fail(FAILED, "preflight refused the upgrade at step '" + failedStep + "': " + Failures.cause(e)
          + "; nothing was changed",
          Failures.type(e, FailureTypes.STEP_FAILED), e);
      throw new IllegalStateException("unreachable");
    }
  }

  /** Blocks, copies, migrates and verifies; on failure undoes and ends the workflow. */
  private void upgrade(ProductionPreflight preflight) {
    String production = plan.productionDatabase();
    String safety = preflight.safetyCopyOr(plan.safetyCopyDatabase());
    ProductionUndo undo = new ProductionUndo(steps);
    try {
      enter(BLOCKING);
      undo.register("unblock " + production + " (settings as before: " + preflight.settings().settings() + ")",
          a -> a.unblockUsers(plan, preflight.settings()));
      List<String> ended = steps.call("block users", () -> production(ADMIN, "block the application: end its"
          + " sessions on " + production + " and refuse new ones").blockUsers(plan));
      for (String session : ended) {
        sessionsEnded.add(session);
        steps.note("ended session on " + production + ": " + session);
      }
      steps.note("blocked " + production + ": " + ended.size() + " application session(s) ended, new ones refused");

      enter(SAFETY_COPY);
      String dropUnusedCopy = "drop the unused safety copy " + safety;
      undo.register(dropUnusedCopy, a -> a.dropSafetyCopy(plan));
      steps.perform("create the safety copy", () -> production(LONG, "copy " + production + " into the safety copy "
          + safety).createSafetyCopy(plan));
      steps.note("created the safety copy " + safety + " of " + production);

      enter(MIGRATING);
      List<TableCheck> before = steps.call("fingerprint production", () -> production(LONG, "fingerprint the tables"
          + " of " + production + " as the package maps them").mappedFingerprints(plan));
      steps.note("fingerprinted " + before.size() + " tables of " + production + " as the package maps them, "
          + before.stream().mapToLong(TableCheck::expectedRows).sum() + " rows");

      // From here on the safety copy is production's only copy as it was: it is restored, never dropped.
      undo.withdraw(dropUnusedCopy);
      boolean failedRenamedAside = preflight.failedCopy() == null;
      undo.register("restore " + production + " from the safety copy " + safety + (failedRenamedAside
          ? " (the failed database renamed to " + preflight.failedDatabase() + ")"
          : " (over the failed database, first backed up to " + preflight.failedCopy() + ")"), a -> {
            enter(RESTORING);
            a.restoreFromSafetyCopy(plan, preflight.failedDatabase(), preflight.attributes());
            databasesLeft.add(failedRenamedAside
                ? preflight.failedDatabase() + ": " + production + " as the failed upgrade left it,"
                    + " renamed aside and blocked; never dropped by upgradectl, inspect it, then drop it by hand"
                : preflight.failedCopy() + ": " + production + " as the failed upgrade left it, backed up before"
                    + " production was restored over it; restore it under another name to inspect it, then delete it");
          });
      MigrationResult migrated = steps.call("run the migrations", () -> production(LONG, "run the in-place"
          + " migrations of " + packageName() + " on " + production).migrate(plan));
      migrationsApplied = migrated.applied();
      steps.note("applied " + migrationsApplied.size() + " migration(s) to " + production + ": "
          + String.join(", ", migrationsApplied));

      enter(VERIFYING);
      steps.perform("verify the upgrade", () -> {
        verification = production(LONG, "verify " + production + ": version, schema and every migrated table")
            .verifyUpgrade(plan, before);
        if (!verification.passed()) {
          throw ApplicationFailure.newNonRetryableFailure("the migrated production does not pass verification: "
              + String.join("; ", verification.problems()), FailureTypes.VERIFICATION);
        }
      });
      steps.note("verified " + production + ": version " + verification.detectedVersion() + ", the target schema, "
          + verification.tables().size() + " tables equal to production's rows as the package maps them");
    } catch (TemporalFailure e) {
      failedStep = steps.failedStep();
      String failedAt = "production upgrade failed at step '" + failedStep + "': " + Failures.cause(e);
      steps.note(failedAt + "; undoing");
      undo.runAll();
      reportUndone(failedAt, undo, preflight);
      Failures.rethrowIfCancelled(e);
      if (undo.complete()) {
        fail(RESTORED, failure, FailureTypes.STEP_FAILED, e);
      }
      fail(FAILED, failure, FailureTypes.ROLLBACK_INCOMPLETE, e);
    }
  }

  private void reportUndone(String failedAt, ProductionUndo undo, ProductionPreflight preflight) {
    String production = plan.productionDatabase();
    String safety = preflight.safetyCopyOr(plan.safetyCopyDatabase());
    if (undo.complete()) {
      failure = failedAt + ". Production " + production + " is as it was before the upgrade and open to the"
          + " application again (undone: " + (undo.undone().isEmpty() ? "nothing needed undoing"
              : String.join(", ", undo.undone())) + ")";
      return;
    }
    failure = "PRODUCTION UPGRADE FAILED AND COULD NOT BE FULLY UNDONE. " + failedAt + ". NOT UNDONE: "
        + String.join("; ", undo.notUndone()) + ". Left undone on purpose: "
        + (undo.skipped().isEmpty() ? "nothing" : String.join(", ", undo.skipped())) + ". Undone: "
        + (undo.undone().isEmpty() ? "nothing" : String.join(", ", undo.undone())) + ". Check " + production + ", "
        + safety + " and " + preflight.failedDatabase() + " by hand before anything else: " + production
        + " may be blocked, partly migrated or renamed; " + safety + " holds production as it was before the"
        + " upgrade, if it was made.";
    databasesLeft.add(safety + ": the safety copy, production as it was before the upgrade (if it was made); kept");
  }

  /** After a verified upgrade nothing goes back: failures are reported, production stays upgraded. */
  private void finishUpgraded() {
    String production = plan.productionDatabase();
    String safety = preflight.safetyCopyOr(plan.safetyCopyDatabase());
    String version = plan.upgradePackage().toVersion();
    List<String> warnings = new ArrayList<>();
    try {
      steps.perform("drop the migration history", () -> production(ADMIN, "drop the migration history table of "
          + production).dropMigrationHistory(plan));
      steps.note("dropped the migration history table of " + production);
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      failedStep = steps.failedStep();
      warnings.add("the migration history table could not be dropped from " + production + " (" + Failures.cause(e)
          + "); drop it by hand");
      steps.note("COULD NOT drop the migration history of " + production + ": " + Failures.cause(e));
    }

    enter(UNBLOCKING);
    try {
      steps.perform("unblock users", () -> production(UNDO, "unblock " + production + ": settings as before")
          .unblockUsers(plan, preflight.settings()));
      steps.note("unblocked " + production + ": the application may connect again");
    } catch (TemporalFailure e) {
      failedStep = steps.failedStep();
      databasesLeft.add(safety + ": the safety copy, production at version " + plan.upgradePackage().fromVersion()
          + " before the upgrade; kept");
      fail(FAILED, "production upgrade failed at step '" + failedStep + "': " + Failures.cause(e) + ". Production "
          + production + " is upgraded to version " + version + " and verified, but could not be unblocked: the"
          + " application may be refused; restore its settings " + preflight.settings().settings() + " by hand",
          FailureTypes.ROLLBACK_INCOMPLETE, e);
    }

    enter(CLEANUP);
    if (plan.keepSafetyCopy()) {
      databasesLeft.add(safety + ": the safety copy, production at version " + plan.upgradePackage().fromVersion()
          + " before the upgrade; kept as asked");
      steps.note("kept the safety copy " + safety + " as asked");
    } else {
      try {
        steps.perform("drop the safety copy", () -> production(ADMIN, "drop the safety copy " + safety)
            .dropSafetyCopy(plan));
        steps.note("dropped the safety copy " + safety);
      } catch (TemporalFailure e) {
        Failures.rethrowIfCancelled(e);
        failedStep = steps.failedStep();
        warnings.add("the safety copy " + safety + " could not be dropped (" + Failures.cause(e) + "); drop it by hand");
        databasesLeft.add(safety + ": the safety copy, production before the upgrade; dropping it failed");
        steps.note("COULD NOT drop the safety copy " + safety + ": " + Failures.cause(e));
      }
    }
    if (!warnings.isEmpty()) {
      failure = "upgraded, with warnings at step '" + failedStep + "': " + String.join("; ", warnings);
    }
    steps.note("production " + production + " is upgraded to version " + version);
    enter(UPGRADED);
  }

  // ---- query, signal ----

  @Override
  public ProductionStatus status() {
    return new ProductionStatus(plan, phase, steps.current(), steps.progress(), steps.history(),
        List.copyOf(sessionsEnded), migrationsApplied, verification, failedStep, failure, List.copyOf(databasesLeft),
        steps.timing());
  }

  @Override
  public void reportProgress(ProgressReport report) {
    steps.progress(report);
  }

  // ---- phase, failure, search attributes, current details ----

  private void enter(ProductionPhase next) {
    metrics.phase(phase, next);
    phase = next;
    Workflow.upsertTypedSearchAttributes(UpgradeSearchAttributes.PHASE.valueSet(next.name()));
    publishDetails();
  }

  /** Ends the workflow in {@code end}: the phase and status say why, and so does the workflow's failure. */
  private void fail(ProductionPhase end, String message, String type, Throwable cause) {
    failure = message;
    steps.note(message);
    enter(end);
    throw ApplicationFailure.newNonRetryableFailureWithCause(message, type, cause);
  }

  private void upsertSearchAttributes() {
    UpgradeSearchAttributes.upsertAtStart(UpgradeSearchAttributes.PRODUCTION, phase.name(),
        plan == null ? null : plan.serverProfile(), plan == null ? null : plan.productionDatabase(),
        plan == null ? null : plan.upgradePackage());
  }

  private void publishDetails() {
    Workflow.setCurrentDetails(ProductionDetails.render(status(), steps.completed(),
        java.time.Instant.ofEpochMilli(Workflow.currentTimeMillis())));
  }

  private String packageName() {
    return plan.upgradePackage().versions();
  }

}
