package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.common.StepOptions.ADMIN;
import static com.upgradectl.workflows.common.StepOptions.CHECK;
import static com.upgradectl.workflows.common.StepOptions.UNDO;
import static com.upgradectl.workflows.common.StepOptions.VERIFY;

import com.upgradectl.workflows.common.DatabaseRef;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The switch-back: the new production (the switched database, under production's name) frozen, the
 * rows written to it since the switch listed, then it is renamed aside (kept, never dropped), the
 * archive brought online and renamed back to production's name, and production's own settings,
 * captured at the switch, restored. Like {@link SwitchSaga}, every step registers its inverse before
 * it runs; a failure runs them in reverse order, so the new production ends under its name, online
 * and writable, as it was before the attempt.
 */
final class SwitchBackSaga {
  private final PilotPlan plan;
  private final ChangeTracking tracking;
  private final ProductionSettings productionAtSwitch;
  private final StepTracker steps;
  private final DatabaseRef production;
  private final DatabaseRef archive;
  private final DatabaseRef aside;
  private final List<String> undone = new ArrayList<>();
  private final List<String> notUndone = new ArrayList<>();
  private SwitchBackReport report;

  /**
   * @param tracking where the switched database began recording its writes
   * @param productionAtSwitch the original production's settings, captured before the switch froze it
   */
  SwitchBackSaga(PilotPlan plan, ChangeTracking tracking, ProductionSettings productionAtSwitch, StepTracker steps) {
    this.plan = plan;
    this.tracking = tracking;
    this.productionAtSwitch = productionAtSwitch;
    this.steps = steps;
    this.production = new DatabaseRef(plan.serverProfile(), plan.productionDatabase());
    this.archive = new DatabaseRef(plan.serverProfile(), plan.archiveDatabase());
    this.aside = new DatabaseRef(plan.serverProfile(), plan.switchedBackDatabase());
  }

  /** How the attempt ended; {@code message} is for the operator. */
  record Outcome(Kind kind, String message) {
    enum Kind {
      /** The archive is production again. */
      SWITCHED_BACK,
      /** A guardrail refused; nothing was changed. */
      REFUSED,
      /** A step failed and every step done was undone: the new production is as it was. */
      ROLLED_BACK,
      /** A step failed and some compensations failed too: production needs a human. */
      ROLLBACK_INCOMPLETE
    }
  }

  /** The rows written since the switch, once listed (null before). */
  SwitchBackReport report() {
    return report;
  }

  Outcome run() {
    SwitchGuardrails guardrails;
    try {
      guardrails = steps.call("check switch-back guardrails", () -> switchBack(CHECK, "check switch-back guardrails: "
          + production.database() + " records its writes, archive " + archive.database() + " present, name "
          + aside.database() + " free").checkSwitchBackGuardrails(plan, tracking));
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      return new Outcome(Outcome.Kind.ROLLED_BACK, "switch-back failed at step '" + steps.failedStep() + "': "
          + Failures.cause(e) + "; nothing was changed, " + production.database() + " is the new production still");
    }
    List<String> refusals = guardrails.refusals() == null ? List.of() : guardrails.refusals();
    if (!refusals.isEmpty()) {
      return new Outcome(Outcome.Kind.REFUSED, "switch-back refused, nothing was changed: "
          + String.join("; ", refusals));
    }
    Saga saga = new Saga(new Saga.Options.Builder().setParallelCompensation(false).setContinueWithError(true).build());
    try {
      ProductionSettings current = steps.call("capture the new production's settings", () -> switching(CHECK,
          "capture the settings of " + production.database() + " (the new production) that the freeze changes")
          .captureProductionSettings(plan));
      steps.note("captured the settings of " + production.database() + " (the new production): " + current.settings());

      undoWith(saga, "unfreeze " + production.database(), undo -> undo.unfreezeProduction(plan, current));
      WriteCounters atFreeze = steps.call("freeze the new production", () -> switching(ADMIN,
          "freeze " + production.database() + " (the new production): end its sessions, refuse new writes")
          .freezeProduction(plan));
      steps.note("froze " + production.database() + " (the new production)");

      report = steps.call("list the rows written since the switch", () -> switchBack(VERIFY,
          "list the rows written to " + production.database() + " since the switch").changesSinceSwitch(plan, tracking));
      steps.note("rows written to " + production.database() + " since the switch: " + summary(report));

      steps.perform("prove no write since the freeze", () -> switching(CHECK,
          "prove no write reached " + production.database() + " since the freeze").assertNoWritesSince(plan, atFreeze));
      steps.note("no write reached " + production.database() + " since the freeze: the list is complete");

      undoWith(saga, "rename " + aside.database() + " back to " + production.database(),
          undo -> undo.renameDatabase(aside, production.database()));
      steps.perform("rename the new production aside", () -> switching(ADMIN,
          "rename " + production.database() + " to " + aside.database() + " (kept, never dropped)")
          .renameDatabase(production, aside.database()));
      steps.note("renamed " + production.database() + " (the switched database) to " + aside.database());

      undoWith(saga, "take " + archive.database() + " offline", undo -> undo.takeOffline(archive));
      steps.perform("bring the archive online", () -> switching(ADMIN,
          "bring " + archive.database() + " online (still refusing the application until the end)")
          .bringOnline(archive));
      steps.note("brought " + archive.database() + " online");

      undoWith(saga, "rename " + production.database() + " back to " + archive.database(),
          undo -> undo.renameDatabase(production, archive.database()));
      steps.perform("rename the archive to the production name", () -> switching(ADMIN,
          "rename " + archive.database() + " to " + production.database()).renameDatabase(archive, production.database()));
      steps.note("renamed " + archive.database() + " to " + production.database());

      steps.perform("restore production's settings", () -> switching(ADMIN,
          "restore the settings " + production.database() + " had before the switch: " + productionAtSwitch.settings())
          .unfreezeProduction(plan, productionAtSwitch));
      steps.note("restored the settings " + production.database() + " had before the switch: "
          + productionAtSwitch.settings() + "; it is production again, as it was at the switch");
      return new Outcome(Outcome.Kind.SWITCHED_BACK, null);
    } catch (TemporalFailure e) {
      String failedAt = "switch-back failed at step '" + steps.failedStep() + "': " + Failures.cause(e);
      steps.note(failedAt + "; undoing");
      Workflow.newDetachedCancellationScope(saga::compensate).run();
      Failures.rethrowIfCancelled(e);
      if (notUndone.isEmpty()) {
        return new Outcome(Outcome.Kind.ROLLED_BACK, failedAt + "; undone: " + production.database()
            + " is the new production still, online and writable, with every row (undone: "
            + (undone.isEmpty() ? "nothing needed undoing" : String.join(", ", undone)) + "); the archive "
            + archive.database() + " is kept offline. Switch back again once the cause is fixed");
      }
      return new Outcome(Outcome.Kind.ROLLBACK_INCOMPLETE, "SWITCH-BACK FAILED AND COULD NOT BE FULLY UNDONE. "
          + failedAt + ". NOT UNDONE: " + String.join("; ", notUndone) + ". Undone: "
          + (undone.isEmpty() ? "nothing" : String.join(", ", undone)) + ". Check " + production.database() + ", "
          + aside.database() + " and " + archive.database() + " by hand before anything else: production may be"
          + " frozen, offline or renamed.");
    }
  }

  /** "3 rows: tickets 1 inserted, 1 updated; comments 1 deleted" — only the tables that changed. */
  static String summary(SwitchBackReport report) {
    if (report == null || report.totalChanged() == 0) {
      return "none";
    }
    List<String> tables = new ArrayList<>();
    for (SwitchBackReport.TableChanges table : report.tables()) {
      if (table.changed() > 0) {
        tables.add(table.table() + " " + table.inserted() + " inserted, " + table.updated() + " updated, "
            + table.deleted() + " deleted");
      }
    }
    return report.totalChanged() + " rows: " + String.join("; ", tables);
  }

  private void undoWith(Saga saga, String what, Consumer<SwitchActivities> inverse) {
    saga.addCompensation(() -> {
      try {
        steps.perform("undo: " + what, () -> inverse.accept(switching(UNDO, "undo the switch-back: " + what)));
        undone.add(what);
        steps.note("undone: " + what);
      } catch (TemporalFailure e) {
        notUndone.add(what + " (" + Failures.cause(e) + ")");
        steps.note("COULD NOT UNDO: " + what + ": " + Failures.cause(e));
        throw e;
      }
    });
  }


  private static SwitchActivities switching(ActivityOptions options, String summary) {
    return PilotActivityStubs.switching(options, summary);
  }

  private static SwitchBackActivities switchBack(ActivityOptions options, String summary) {
    return PilotActivityStubs.switchBack(options, summary);
  }
}
