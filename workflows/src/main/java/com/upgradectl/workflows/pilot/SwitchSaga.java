package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.common.StepOptions.ADMIN;
import static com.upgradectl.workflows.common.StepOptions.CHECK;
import static com.upgradectl.workflows.common.StepOptions.LONG;
import static com.upgradectl.workflows.common.StepOptions.UNDO;
import static com.upgradectl.workflows.common.StepOptions.VERIFY;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import com.upgradectl.workflows.pilot.SwitchOutcome.Kind;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The switch: production frozen, the data records re-imported a last time and verified, production
 * renamed to the archive name and taken offline, the pilot renamed to production's name, post-switch
 * statements and check. Every destructive step registers its inverse BEFORE it runs (a step that
 * timed out may still have happened; every inverse is idempotent), and any failure before the new
 * production is verified runs the inverses in reverse order: production ends online, writable,
 * under its own name, and the pilot under its own.
 */
final class SwitchSaga {
  private final PilotPlan plan;
  private final List<String> dataTables;
  private final StepTracker steps;
  private final DatabaseRef production;
  private final DatabaseRef pilot;
  private final DatabaseRef archive;
  private final List<String> undone = new ArrayList<>();
  private final List<String> notUndone = new ArrayList<>();
  private final boolean trackChanges;
  private List<TableCheck> verification = List.of();
  private String pilotModeWarning = "";
  private ProductionSettings productionSettings;
  private ChangeTracking changeTracking;
  /** Whether production's writes are captured by key: catch up before the freeze, then only the changes. */
  private final boolean byChangedKeys;
  private final UpgradeMetrics metrics;
  private final Long forecastMillis;
  private Long frozenAtMillis;
  private Long freezeMillis;
  private final SwitchGuardrails checkedOnRequest;

  /**
   * @param dataTables the data-record tables preflight found (for summaries, and the tables whose
   *     writes are recorded for a switch-back), or null if not known
   */
  /**
   * @param metrics where the freeze is reported while it lasts
   * @param forecastMillis the freeze forecast for this switch, null when none was made
   */
  /**
   * @param checkedOnRequest the guardrails as the switch request found them a moment ago, or null:
   *     the saga checks them itself
   */
  SwitchSaga(PilotPlan plan, List<String> dataTables, StepTracker steps, boolean byChangedKeys, UpgradeMetrics metrics,
      Long forecastMillis, SwitchGuardrails checkedOnRequest) {
    this.checkedOnRequest = checkedOnRequest;
    this.plan = plan;
    this.metrics = metrics;
    this.forecastMillis = forecastMillis;
    this.byChangedKeys = byChangedKeys;
    this.dataTables = dataTables;
    this.steps = steps;
    this.trackChanges = plan.switchBackGraceMinutes() > 0;
    this.production = new DatabaseRef(plan.serverProfile(), plan.productionDatabase());
    this.pilot = new DatabaseRef(plan.serverProfile(), plan.pilotDatabase());
    this.archive = new DatabaseRef(plan.serverProfile(), plan.archiveDatabase());
  }

  SwitchOutcome run() {
    SwitchGuardrails guardrails = checkedOnRequest;
    try {
      guardrails = guardrails != null ? guardrails : steps.call("check switch guardrails", () -> switching(CHECK,
          "check switch guardrails: no long transaction on " + production.database() + ", pilot "
              + pilot.database() + " present, archive name " + archive.database() + " free")
          .checkSwitchGuardrails(plan));
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      return new SwitchOutcome(Kind.ROLLED_BACK, "switch failed at step '" + steps.failedStep() + "': "
          + Failures.cause(e) + "; nothing was changed", verification);
    }
    List<String> refusals = orEmpty(guardrails.refusals());
    if (!refusals.isEmpty()) {
      return new SwitchOutcome(Kind.REFUSED, "switch refused, nothing was changed: " + String.join("; ", refusals),
          verification);
    }
    List<String> sessions = orEmpty(guardrails.sessionsToBeEnded());
    if (!sessions.isEmpty()) {
      steps.note("the freeze will end these sessions on " + production.database() + ": " + String.join(", ", sessions));
    }
    Saga saga = new Saga(new Saga.Options.Builder().setParallelCompensation(false).setContinueWithError(true).build());
    boolean postSwitchStarted = false;
    try {
      ProductionSettings prior = steps.call("capture production settings", () -> switching(CHECK,
          "capture the settings of " + production.database() + " that the freeze changes")
          .captureProductionSettings(plan));
      steps.note("captured the settings of " + production.database() + ": " + prior.settings());
      productionSettings = prior;

      if (byChangedKeys) {
        CopyResult caughtUp = steps.call("refresh before the freeze", () -> {
          CopyResult copied = copy(LONG, "refresh " + PilotActivityStubs.tables(dataTables, "data-record table")
              + " from " + production.database() + " while it still runs, verified whole").resyncDataTables(plan);
          verification = Failures.checks(copied.verification());
          Failures.requireMatch("the refresh before the freeze", copied.verification());
          return copied;
        });
        steps.note("refreshed before the freeze: " + RefreshSummary.of(caughtUp) + "; every table verified");
      }

      undoWith(saga, "unfreeze " + production.database(),
          undo -> undo.unfreezeProduction(plan, prior));
      frozenAtMillis = Workflow.currentTimeMillis();
      metrics.frozen(frozenAtMillis, forecastMillis);
      WriteCounters atFreeze = steps.call("freeze production", () -> switching(ADMIN,
          "freeze " + production.database() + ": end its sessions, refuse new writes").freezeProduction(plan));
      steps.note("froze " + production.database());

      CopyResult last = steps.call("final re-import of data records", () -> {
        CopyResult copied = byChangedKeys
            ? copy(LONG, "apply the changes to " + PilotActivityStubs.tables(dataTables, "data-record table") + " of "
                + production.database() + " since the refresh, while frozen").resyncWhileFrozen(plan)
            : copy(LONG, "final re-import of " + PilotActivityStubs.tables(dataTables, "data-record table")
                + " from " + production.database() + " into " + pilot.database()).resyncDataTables(plan);
        verification = Failures.checks(copied.verification());
        Failures.requireMatch("the final re-import", copied.verification());
        return copied;
      });
      steps.note(byChangedKeys ? "final refresh while frozen: " + RefreshSummary.of(last) + "; verified"
          : "final re-import: " + last.totalRows() + " rows, verified");

      steps.perform("prove no write since the freeze", () -> switching(CHECK,
          "prove no write reached " + production.database() + " since the freeze")
          .assertNoWritesSince(plan, atFreeze));
      steps.note("no write reached " + production.database() + " since the freeze");

      if (byChangedKeys) {
        // Still frozen: capture started again by the undo misses no write, and the pilot's read point stays valid.
        undo(saga, "capture the writes to " + production.database() + " again", () -> copy(UNDO,
            "undo the switch: capture the writes to " + production.database() + " again").startChangeCapture(plan));
        steps.perform("remove change capture from production", () -> copy(ADMIN, "remove the change capture from "
            + production.database() + " before it becomes the archive").stopChangeCapture(plan, production));
        steps.note("removed the change capture from " + production.database());
      }

      undoWith(saga, "rename " + archive.database() + " back to " + production.database(),
          undo -> undo.renameDatabase(archive, production.database()));
      steps.perform("rename production to the archive name", () -> switching(ADMIN,
          "rename " + production.database() + " to " + archive.database())
          .renameDatabase(production, archive.database()));
      steps.note("renamed " + production.database() + " to " + archive.database());

      undoWith(saga, "bring " + archive.database() + " online", undo -> undo.bringOnline(archive));
      steps.perform("take the archive offline", () -> switching(ADMIN,
          "take " + archive.database() + " offline").takeOffline(archive));
      steps.note("took " + archive.database() + " offline");

      if (trackChanges) {
        startChangeTracking(saga);
      }

      undoWith(saga, "rename " + production.database() + " back to " + pilot.database(),
          undo -> undo.renameDatabase(production, pilot.database()));
      steps.perform("rename the pilot to the production name", () -> switching(ADMIN,
          "rename " + pilot.database() + " to " + production.database())
          .renameDatabase(pilot, production.database()));
      steps.note("renamed " + pilot.database() + " to " + production.database());
      freezeMillis = Workflow.currentTimeMillis() - frozenAtMillis;
      metrics.thawed(freezeMillis);

      postSwitchStarted = true;
      steps.perform("post-switch statements", () -> database(ADMIN,
          "run the post-switch statements in " + production.database() + " (the new production)")
          .runPostSwitchStatements(plan));
      steps.note("ran the post-switch statements");

      steps.perform("post-switch check", () -> {
        VerificationReport check = copy(VERIFY,
            "post-switch check of " + production.database() + " (the new production)")
            .postSwitchCheck(plan, last.verification());
        verification = Failures.checks(check);
        Failures.requireMatch("the post-switch check", check);
      });
      steps.note("post-switch check passed: " + production.database() + " is the new production; production was"
          + " frozen for " + PilotUpgradeWorkflowImpl.seconds(freezeMillis));
      if (byChangedKeys) {
        removePilotCapture();
      }
      return new SwitchOutcome(Kind.SWITCHED, null, verification);
    } catch (TemporalFailure e) {
      String failedAt = "switch failed at step '" + steps.failedStep() + "': " + Failures.cause(e);
      steps.note(failedAt + "; undoing");
      boolean reapplyPilotMode = postSwitchStarted;
      Workflow.newDetachedCancellationScope(() -> {
        saga.compensate();
        if (frozenAtMillis != null && freezeMillis == null) {
          metrics.thawed(null); // the undo unfroze production (or says in the failure that it could not)
        }
        if (notUndone.isEmpty() && reapplyPilotMode) {
          reapplyPilotMode();
        }
      }).run();
      Failures.rethrowIfCancelled(e);
      return notUndone.isEmpty() ? rolledBack(failedAt) : rollbackIncomplete(failedAt);
    }
  }

  /** From the freeze until the pilot answered under production's name; null unless it got that far. */
  Long freezeMillis() {
    return freezeMillis;
  }

  /**
   * The pilot's own capture (what testers wrote) has no use in the new production. The switch is done
   * by now, so a failure here is a warning, not a reason to undo it.
   */
  private void removePilotCapture() {
    try {
      steps.perform("remove the pilot's change capture", () -> copy(ADMIN, "remove the pilot's change capture from "
          + production.database() + " (the new production)").stopChangeCapture(plan, production));
      steps.note("removed the pilot's change capture from " + production.database());
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      steps.note("WARNING: the pilot's change capture could not be removed from " + production.database() + " ("
          + Failures.cause(e) + "): drop its schemas upgradectl_capture and upgradectl_stage_keys and the triggers"
          + " upgradectl_capture_* by hand");
    }
  }

  /** Production's settings as captured before the freeze (null if the switch did not get that far). */
  ProductionSettings productionSettings() {
    return productionSettings;
  }

  /** Where the switched database began recording its writes (null without a switch-back grace period). */
  ChangeTracking changeTracking() {
    return changeTracking;
  }

  /**
   * Just before the pilot gets production's name, so that no write made under that name escapes the
   * record: from then on every write to its data-record tables is recorded by key, for a switch-back.
   */
  private void startChangeTracking(Saga saga) {
    List<String> tables = dataTables == null ? List.of() : dataTables;
    undo(saga, "stop recording the writes to " + pilot.database(), () -> PilotActivityStubs.switchBack(UNDO,
        "undo the switch: stop recording the writes to " + pilot.database()).stopChangeTracking(pilot));
    changeTracking = steps.call("record writes for switch-back", () -> PilotActivityStubs.switchBack(ADMIN,
        "record every write to " + PilotActivityStubs.tables(tables, "data-record table") + " of " + pilot.database()
            + " from the switch on, for a switch-back").startChangeTracking(pilot, tables));
    steps.note("recording the writes to " + tables.size() + " data-record tables of " + pilot.database()
        + " from now on, so that a switch-back can list them");
  }

  private SwitchOutcome rolledBack(String failedAt) {
    String message = failedAt + "; production restored: " + production.database() + " is online, writable, under"
        + " its own name, and the pilot " + pilot.database() + " is intact (undone: "
        + (undone.isEmpty() ? "nothing needed undoing" : String.join(", ", undone)) + ")" + pilotModeWarning;
    return new SwitchOutcome(Kind.ROLLED_BACK, message, verification);
  }

  private SwitchOutcome rollbackIncomplete(String failedAt) {
    String message = "SWITCH FAILED AND COULD NOT BE FULLY UNDONE. " + failedAt + ". NOT UNDONE: "
        + String.join("; ", notUndone) + ". Undone: " + (undone.isEmpty() ? "nothing" : String.join(", ", undone))
        + ". Check " + production.database() + ", " + archive.database() + " and " + pilot.database()
        + " by hand before anything else: production may be frozen, offline or renamed.";
    return new SwitchOutcome(Kind.ROLLBACK_INCOMPLETE, message, verification);
  }

  /** Registers an inverse that records whether it worked, so a failed one is reported, not swallowed. */
  private void undoWith(Saga saga, String what, Consumer<SwitchActivities> inverse) {
    undo(saga, what, () -> inverse.accept(switching(UNDO, "undo the switch: " + what)));
  }

  private void undo(Saga saga, String what, Runnable inverse) {
    saga.addCompensation(() -> {
      try {
        steps.perform("undo: " + what, inverse);
        undone.add(what);
        steps.note("undone: " + what);
      } catch (TemporalFailure e) {
        notUndone.add(what + " (" + Failures.cause(e) + ")");
        steps.note("COULD NOT UNDO: " + what + ": " + Failures.cause(e));
        throw e;
      }
    });
  }

  /**
   * The post-switch statements ran in the pilot (e.g. turned on client push); once it is a pilot
   * again, its background features must be paused again. Runs only once production is restored.
   */
  private void reapplyPilotMode() {
    try {
      steps.perform("undo: re-apply pilot mode", () -> database(UNDO,
          "undo the switch: run the pilot-mode statements in " + pilot.database() + " again")
          .runPilotModeStatements(plan));
      undone.add("pilot mode re-applied to " + pilot.database());
      steps.note("re-applied pilot mode to " + pilot.database());
    } catch (TemporalFailure e) {
      // Production is restored, so the upgrade can go on; the operator must pause the pilot by hand.
      pilotModeWarning = ". WARNING: the pilot-mode statements could not be run in " + pilot.database() + " again ("
          + Failures.cause(e) + "): its background features (mail, jobs...) may be running; pause them by hand";
      steps.note("COULD NOT re-apply pilot mode to " + pilot.database() + ": " + Failures.cause(e));
    }
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }


  private static SwitchActivities switching(ActivityOptions options, String summary) {
    return PilotActivityStubs.switching(options, summary);
  }

  private static DataCopyActivities copy(ActivityOptions options, String summary) {
    return PilotActivityStubs.copy(options, summary);
  }

  private static PilotDatabaseActivities database(ActivityOptions options, String summary) {
    return PilotActivityStubs.database(options, summary);
  }
}
