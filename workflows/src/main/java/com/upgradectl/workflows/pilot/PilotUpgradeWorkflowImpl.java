package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.common.StepOptions.ADMIN;
import static com.upgradectl.workflows.common.StepOptions.CHECK;
import static com.upgradectl.workflows.common.StepOptions.LONG;
import static com.upgradectl.workflows.pilot.PilotActivityStubs.copy;
import static com.upgradectl.workflows.pilot.PilotActivityStubs.database;
import static com.upgradectl.workflows.pilot.PilotActivityStubs.tables;
import static com.upgradectl.workflows.pilot.PilotPhase.ABANDONED;
import static com.upgradectl.workflows.pilot.PilotPhase.CREATING;
import static com.upgradectl.workflows.pilot.PilotPhase.FAILED;
import static com.upgradectl.workflows.pilot.PilotPhase.PREFLIGHT;
import static com.upgradectl.workflows.pilot.PilotPhase.READY;
import static com.upgradectl.workflows.pilot.PilotPhase.REFRESHING;
import static com.upgradectl.workflows.pilot.PilotPhase.SWITCHED;
import static com.upgradectl.workflows.pilot.PilotPhase.SWITCHED_BACK;
import static com.upgradectl.workflows.pilot.PilotPhase.SWITCHING_BACK;
import static com.upgradectl.workflows.pilot.PilotPhase.SWITCHING;
import static com.upgradectl.workflows.pilot.PilotPhase.SWITCH_SCHEDULED;

import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.TableRefresh;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.common.VersioningBehavior;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowVersioningBehavior;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pilot upgrade as one long-running workflow. The workflow method creates the pilot, then
 * serves the operator's requests in a loop: update handlers only validate a request and move the
 * phase (so the next request is judged against the new phase at once), the loop does the work.
 *
 * <pre>
 * PREFLIGHT -> CREATING -> READY <-> REFRESHING
 *                          READY <-> SWITCH_SCHEDULED (switch --at / cancel-switch / re-schedule)
 *          READY | SWITCH_SCHEDULED -> SWITCHING -> SWITCHED   (done, or waits out the switch-back grace period)
 *          SWITCHED -> SWITCHING_BACK -> SWITCHED_BACK   (done: the archive is production again)
 *                      SWITCHING_BACK -> SWITCHED        (refused, or failed and rolled back)
 *                      SWITCHING_BACK -> FAILED          (rollback incomplete)
 *                                      SWITCHING -> READY      (refused, or failed and rolled back)
 *                                      SWITCHING -> FAILED     (rollback incomplete)
 *          READY | SWITCH_SCHEDULED -> ABANDONED   (the pilot is dropped, then done)
 *          PREFLIGHT | CREATING     -> FAILED
 * </pre>
 *
 * Deterministic: no I/O, no clock but {@link Workflow#currentTimeMillis()}, no threads.
 */
public class PilotUpgradeWorkflowImpl implements PilotUpgradeWorkflow {
  /** History length at which a pilot waiting in READY continues as new, unless the server suggests it sooner. */
  public static final int CONTINUE_AS_NEW_AFTER_EVENTS = 2000;
  /** Runs from this version on capture production's changes: refreshes and the switch go by key. */
  static final String CHANGE_CAPTURE_VERSION = "change-capture";
  /** Since this version a cancelled or re-scheduled switch cancels its timer. */
  static final String CANCELLED_SWITCH_TIMER_VERSION = "cancel-switch-timer";
  /**
   * Since this version a switch requested now checks the guardrails before it is accepted: a refused
   * switch is a failed update (the CLI says why, the UI shows it), never a "switch started" refused a
   * moment later. A scheduled switch is checked at its time (a long transaction now says nothing of tonight).
   */
  static final String GUARDRAILS_ON_REQUEST_VERSION = "switch-guardrails-on-request";
  /** How many refreshes' timings the switch forecast looks at. */
  private static final int MEASURES_KEPT = 5;

  private final int continueAsNewAfterEvents;
  private final StepTracker steps = new StepTracker(this::publishDetails);
  private final UpgradeMetrics metrics = new UpgradeMetrics(() -> this.plan, this::status);
  private PilotPlan plan;
  private PilotPhase phase = PREFLIGHT;
  private PreflightReport preflight;
  private List<TableFingerprint> configurationBaseline = List.of();
  private int refreshCount;
  private List<String> configurationDrift = List.of();
  private List<TableCheck> lastVerification = List.of();
  private String failure;
  private Instant scheduledSwitchAt;
  /** Counts accepted switch-related requests, so a scheduled wait wakes up when it is re-scheduled. */
  private int switchRequests;
  /** Set at the switch: production's own settings before the freeze, restored by a switch-back. */
  private ProductionSettings productionSettingsAtSwitch;
  /** Set at the switch when a switch-back is possible: where the new production began recording its writes. */
  private ChangeTracking changeTracking;
  /** While SWITCHED with a grace period: until when a switch-back is possible. */
  private Instant switchBackUntil;
  private SwitchBackReport switchBackReport;
  /** Whether production's writes are captured by key (upgrades started before capture existed: no). */
  private boolean changeCapture;
  private final List<RefreshMeasure> refreshMeasures = new ArrayList<>();
  private double importRowsPerMilli;
  private List<TableRefresh> lastRefresh = List.of();
  private SwitchForecast forecast;
  private Long freezeMillis;
  /** What the pilot holds, for the screens at rest; null until the import is done. */
  private PilotFacts facts;
  /** While the switch update checks the guardrails: every other request waits for its verdict. */
  private boolean switchBeingChecked;
  /** The switch accepted now passed the guardrails on request: the saga does not check them a second time. */
  private SwitchGuardrails guardrailsOnRequest;

  public PilotUpgradeWorkflowImpl() {
    this(CONTINUE_AS_NEW_AFTER_EVENTS);
  }

  /** For tests that need continue-as-new to happen after a few requests. */
  PilotUpgradeWorkflowImpl(int continueAsNewAfterEvents) {
    this.continueAsNewAfterEvents = continueAsNewAfterEvents;
  }

  @Override
  @WorkflowVersioningBehavior(VersioningBehavior.AUTO_UPGRADE)
  public PilotStatus run(PilotRun run) {
    plan = run == null ? null : run.plan();
    upsertSearchAttributes();
    metrics.started(phase);
    if (run != null && run.resumed() != null) {
      resume(run.resumed());
    } else {
      validatePlan();
      createPilot();
    }
    return serveRequests();
  }

  // ---- creating the pilot ----

  private void validatePlan() {
    try {
      if (plan == null) {
        throw new IllegalArgumentException("the plan is missing");
      }
      plan.validated();
    } catch (IllegalArgumentException e) {
      fail("bad plan: " + e.getMessage() + "; nothing was changed", FailureTypes.BAD_INPUT, null);
    }
  }

  private void createPilot() {
    String production = plan.productionDatabase();
    String pilot = plan.pilotDatabase();
    try {
      preflight = steps.call("preflight", () -> database(CHECK, "preflight: check " + production + ", the names and the"
          + " package " + packageName() + " (changes nothing)").preflight(plan));
      steps.note("preflight passed: " + preflight.platform() + ", " + tables(preflight.configurationTables(),
          "configuration table") + ", " + tables(preflight.dataTables(), "data-record table") + ", about "
          + preflight.productionRows() + " rows" + warnings(preflight.warnings()));
      enter(CREATING);

      steps.perform("create the pilot database", () -> database(ADMIN, "create " + pilot + " with the version "
          + plan.upgradePackage().toVersion() + " schema").createPilotDatabase(plan));
      steps.note("created " + pilot);

      changeCapture = Workflow.getVersion(CHANGE_CAPTURE_VERSION, Workflow.DEFAULT_VERSION, 1) >= 1;
      if (changeCapture) {
        steps.perform("capture production's writes", () -> copy(ADMIN, "start capturing the writes to "
            + tables(dataTables(), "data-record table") + " of " + production + " by key").startChangeCapture(plan));
        steps.note("capturing the writes to the data-record tables of " + production + " by key from now on:"
            + " refreshes and the switch copy only what changed");
      }

      CopyResult imported = steps.call("import all tables", () -> {
        CopyResult copied = copy(LONG, "import " + tables(allTables(), "table") + " from "
            + production + " into " + pilot).importAllTables(plan);
        lastVerification = Failures.checks(copied.verification());
        Failures.requireMatch("the imported tables", copied.verification());
        return copied;
      });
      steps.note("imported " + imported.tables().size() + " tables, " + imported.totalRows() + " rows, "
          + imported.totalBytes() + " bytes in " + imported.elapsedMillis() + " ms; verified" + readPoint(imported));
      importRowsPerMilli = imported.totalRows() / (double) Math.max(1, imported.elapsedMillis());
      metrics.imported(imported.elapsedMillis());
      facts = new PilotFacts(Instant.ofEpochMilli(Workflow.currentTimeMillis()), imported.tables().size(),
          imported.totalRows(), null, 0, preflight.warnings(), null);

      configurationBaseline = steps.call("fingerprint the configuration", () -> copy(CHECK, "fingerprint "
          + tables(preflight.configurationTables(), "configuration table") + " of " + production
          + ": the baseline for drift").configurationFingerprints(plan));
      steps.note("took the configuration baseline of " + configurationBaseline.size() + " tables");

      steps.perform("pilot-mode statements", () -> database(ADMIN, "run the pilot-mode statements in " + pilot)
          .runPilotModeStatements(plan));
      steps.note("ran the pilot-mode statements: " + pilot + " is ready for testing");
      enter(READY);
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      String cause = "'" + steps.failedStep() + "': " + Failures.cause(e);
      String message = phase == PREFLIGHT
          ? "preflight refused the upgrade at step " + cause + "; nothing was changed"
          : "creating the pilot failed at step " + cause + ". The pilot database " + pilot + ", as far as this"
              + " upgrade created it, is left in place for inspection; drop it before starting this upgrade again."
              + " Production " + production + " was not changed" + removeProductionCapture();
      fail(message, Failures.type(e, FailureTypes.STEP_FAILED), e);
    }
  }

  // ---- serving the operator's requests ----

  private PilotStatus serveRequests() {
    while (true) {
      Workflow.await(() -> phase != READY || continueAsNewDue());
      switch (phase) {
        case READY -> continueAsNew();
        case REFRESHING -> refreshPilot();
        case SWITCH_SCHEDULED -> awaitScheduledSwitch();
        case SWITCHING -> {
          if (switchPilotToProduction()) {
            return afterSwitch();
          }
        }
        case ABANDONED -> {
          dropPilot();
          return status();
        }
        default -> throw new IllegalStateException("no request is served in phase " + phase);
      }
    }
  }

  /** How production was read, where the platform had a choice to make (SQL Server). */
  private static String readPoint(CopyResult copied) {
    return copied.readPoint() == null ? "" : " (production read at " + copied.readPoint() + ")";
  }

  private void refreshPilot() {
    int number = refreshCount + 1;
    boolean reimported = false;
    try {
      CopyResult copied = steps.call("re-import data records", () -> copy(LONG, "re-import "
          + tables(dataTables(), "data-record table") + " from " + plan.productionDatabase() + " into "
          + plan.pilotDatabase()).resyncDataTables(plan));
      reimported = true;
      measure(copied);
      lastVerification = Failures.checks(copied.verification());
      List<TableFingerprint> current = steps.call("check configuration drift", () -> copy(CHECK, "fingerprint "
          + tables(configurationTables(), "configuration table") + " of " + plan.productionDatabase()
          + " to detect drift").configurationFingerprints(plan));
      configurationDrift = ConfigurationDrift.between(configurationBaseline, current);
      if (Failures.verified(copied.verification())) {
        refreshCount = number;
        if (facts != null) {
          facts = facts.refreshed(Instant.ofEpochMilli(Workflow.currentTimeMillis()), copied.totalRows());
        }
        steps.note("refresh #" + number + " done: " + RefreshSummary.of(copied) + "; verified"
            + readPoint(copied) + "; configuration changed in production since the pilot was created: "
            + (configurationDrift.isEmpty() ? "none" : String.join(", ", configurationDrift)));
      } else {
        failure = "refresh #" + number + ": the re-imported data records do not match production: "
            + Failures.differences(copied.verification()) + "; refresh again";
        steps.note(failure);
      }
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      // The re-import replaces the data records in one transaction: a failed one changed nothing.
      failure = "refresh #" + number + " failed at step '" + steps.failedStep() + "': " + Failures.cause(e) + "; "
          + (reimported ? "the data records were re-imported, but configuration drift was not checked"
              : "the pilot is unchanged") + "; refresh again once the cause is fixed";
      steps.note(failure);
    }
    enter(READY);
  }

  /**
   * Waits for the time or the condition; a timer no longer needed is cancelled, so the history (and
   * the Temporal UI) does not show a switch timer still pending after the switch was cancelled.
   *
   * @return true when the condition ended the wait
   */
  private static boolean awaitCancellingTheTimer(Duration wait, Supplier<Boolean> condition) {
    List<Promise<Void>> timer = new ArrayList<>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> timer.add(Workflow.newTimer(wait)));
    scope.run();
    Workflow.await(() -> timer.get(0).isCompleted() || condition.get());
    if (timer.get(0).isCompleted()) {
      return false;
    }
    scope.cancel();
    return true;
  }

  private void awaitScheduledSwitch() {
    int requestsSoFar = switchRequests;
    Instant at = scheduledSwitchAt;
    long waitMillis = at.toEpochMilli() - Workflow.currentTimeMillis();
    Supplier<Boolean> changedMeanwhile = () -> switchRequests != requestsSoFar || phase != SWITCH_SCHEDULED;
    boolean changed;
    if (Workflow.getVersion(CANCELLED_SWITCH_TIMER_VERSION, Workflow.DEFAULT_VERSION, 1) >= 1) {
      changed = waitMillis > 0 && awaitCancellingTheTimer(Duration.ofMillis(waitMillis), changedMeanwhile);
    } else {
      // runs started before: Workflow.await leaves its timer running in the history when the switch is cancelled
      changed = waitMillis > 0 && Workflow.await(Duration.ofMillis(waitMillis), changedMeanwhile);
    }
    if (!changed) {
      scheduledSwitchAt = null;
      steps.note("the scheduled switch time " + at + " has come");
      enter(SWITCHING);
    }
  }

  /** @return true when the pilot is production now */
  private boolean switchPilotToProduction() {
    if (changeCapture) {
      forecastQuietly();
    }
    SwitchSaga saga = new SwitchSaga(plan, dataTables(), steps, changeCapture, metrics,
        forecast == null ? null : forecast.expectedFreezeMillis(), guardrailsOnRequest);
    guardrailsOnRequest = null;
    SwitchOutcome outcome = saga.run();
    freezeMillis = saga.freezeMillis();
    productionSettingsAtSwitch = saga.productionSettings();
    changeTracking = saga.changeTracking();
    if (!outcome.verification().isEmpty()) {
      lastVerification = outcome.verification();
    }
    switch (outcome.kind()) {
      case SWITCHED -> {
        enter(SWITCHED);
        return true;
      }
      case REFUSED, ROLLED_BACK -> {
        failure = outcome.message();
        if (outcome.kind() == SwitchOutcome.Kind.REFUSED && facts != null) {
          facts = facts.refused(Instant.ofEpochMilli(Workflow.currentTimeMillis())
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + outcome.message());
        }
        steps.note(failure);
        enter(READY);
        return false;
      }
      case ROLLBACK_INCOMPLETE -> fail(outcome.message() + removeProductionCapture(), FailureTypes.ROLLBACK_INCOMPLETE,
          null);
    }
    throw new IllegalStateException("unknown switch outcome " + outcome.kind());
  }

  /**
   * Abandon removes what the upgrade created. The activity drops only a database marked as this
   * upgrade's pilot, so a confused name can never cost production.
   */
  private void dropPilot() {
    String pilot = plan.pilotDatabase();
    String captureWarning = removeProductionCapture();
    if (!captureWarning.isEmpty()) {
      failure = captureWarning.substring(2);
    }
    try {
      steps.perform("drop the pilot", () -> database(ADMIN, "drop the pilot database " + pilot
          + " (abandoned)").dropPilotDatabase(plan));
      steps.note("dropped the pilot database " + pilot + "; production " + plan.productionDatabase()
          + " was not changed");
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      failure = "abandoned, but dropping the pilot database " + pilot + " failed: " + Failures.cause(e)
          + "; it is left in place, drop it by hand. Production " + plan.productionDatabase() + " was not changed";
      steps.note(failure);
    }
  }

  /**
   * With a switch-back grace period, the workflow stays open in SWITCHED until a durable timer ends
   * the period, serving switch-back requests meanwhile; without one it ends at once. Old runs (plans
   * without a grace period) take the path they always took, so their histories replay unchanged.
   */
  private PilotStatus afterSwitch() {
    if (plan.switchBackGraceMinutes() <= 0) {
      return status();
    }
    switchBackUntil = Instant.ofEpochMilli(Workflow.currentTimeMillis())
        .plus(Duration.ofMinutes(plan.switchBackGraceMinutes()));
    steps.note("switch-back possible until " + switchBackUntil + " (pilot switch-back); the archive "
        + plan.archiveDatabase() + " is kept offline until then");
    while (true) {
      long remaining = switchBackUntil.toEpochMilli() - Workflow.currentTimeMillis();
      if (phase != SWITCHING_BACK && remaining > 0) {
        Workflow.await(Duration.ofMillis(remaining), () -> phase == SWITCHING_BACK);
      }
      if (phase != SWITCHING_BACK) {
        endSwitchBackPeriod();
        return status();
      }
      if (switchBack(new SwitchBackSaga(plan, changeTracking, productionSettingsAtSwitch, steps))) {
        return status();
      }
    }
  }

  /** @return true when the archive is production again */
  private boolean switchBack(SwitchBackSaga saga) {
    SwitchBackSaga.Outcome outcome = saga.run();
    if (saga.report() != null) {
      switchBackReport = saga.report();
    }
    switch (outcome.kind()) {
      case SWITCHED_BACK -> {
        switchBackUntil = null;
        steps.note("switched back: " + plan.productionDatabase() + " is the archive again, as it was at the switch;"
            + " the switched database is kept as " + plan.switchedBackDatabase() + "; rows written to it since the"
            + " switch: " + SwitchBackSaga.summary(switchBackReport));
        enter(SWITCHED_BACK);
        return true;
      }
      case REFUSED, ROLLED_BACK -> {
        failure = outcome.message();
        steps.note(failure);
        enter(SWITCHED);
        return false;
      }
      case ROLLBACK_INCOMPLETE -> fail(outcome.message(), FailureTypes.ROLLBACK_INCOMPLETE, null);
    }
    throw new IllegalStateException("unknown switch-back outcome " + outcome.kind());
  }

  /**
   * The period is over: the new production stops recording its writes (a cost it need not carry on);
   * the archive stays as it is, offline, for the operator to drop when no longer wanted.
   */
  private void endSwitchBackPeriod() {
    Instant ended = switchBackUntil;
    switchBackUntil = null;
    DatabaseRef production = new DatabaseRef(plan.serverProfile(), plan.productionDatabase());
    try {
      steps.perform("stop recording writes", () -> PilotActivityStubs.switchBack(ADMIN, "stop recording the writes to "
          + production.database() + ": the switch-back period is over").stopChangeTracking(production));
      steps.note("the switch-back period ended at " + ended + "; " + production.database() + " no longer records its"
          + " writes. The archive " + plan.archiveDatabase() + " is kept, offline; drop it when no longer needed");
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      failure = "the switch-back period ended at " + ended + ", but " + production.database() + " could not stop"
          + " recording its writes: " + Failures.cause(e) + "; drop its schema upgradectl_switch_back by hand";
      steps.note(failure);
    }
    publishDetails();
  }

  private void continueAsNew() {
    // Updates only move the phase, so every handler is done by now; waiting is cheap insurance.
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (phase != READY) {
      return;
    }
    steps.note("continuing as a new run after " + Workflow.getInfo().getHistoryLength() + " history events");
    List<String> history = steps.history();
    PilotState carried = new PilotState(preflight, configurationBaseline, refreshCount, configurationDrift,
        lastVerification, history, failure, changeCapture, refreshMeasures, importRowsPerMilli, lastRefresh, facts);
    Workflow.continueAsNew(new PilotRun(plan, carried));
  }

  private void resume(PilotState state) {
    preflight = state.preflight();
    configurationBaseline = state.configurationBaseline();
    refreshCount = state.refreshCount();
    configurationDrift = state.configurationDrift();
    lastVerification = state.lastVerification();
    failure = state.lastFailure();
    changeCapture = state.changeCapture();
    refreshMeasures.addAll(state.refreshMeasures());
    importRowsPerMilli = state.importRowsPerMilli();
    lastRefresh = state.lastRefresh();
    facts = state.facts();
    steps.restoreHistory(state.history());
    steps.note("continued as a new run; the pilot is ready");
    enter(READY);
  }

  private boolean continueAsNewDue() {
    WorkflowInfo info = Workflow.getInfo();
    return info.isContinueAsNewSuggested() || info.getHistoryLength() > continueAsNewAfterEvents;
  }

  // ---- updates, signal, query ----

  @Override
  public void validateRefresh() {
    requireNoSwitchBeingChecked();
    PilotRequestRules.requireRefreshAllowed(phase);
  }

  @Override
  public String refresh() {
    failure = null;
    steps.note("refresh requested");
    enter(REFRESHING);
    return "refresh started: re-importing the data records of " + plan.productionDatabase() + " into "
        + plan.pilotDatabase() + "; the pilot's configuration is kept";
  }

  @Override
  public void validateSwitch(SwitchRequest request) {
    requireNoSwitchBeingChecked();
    PilotRequestRules.requireSwitchAllowed(phase, request, Workflow.currentTimeMillis());
  }

  @Override
  public String switchToProduction(SwitchRequest request) {
    String passed = "";
    boolean now = request.at() == null || request.at().toEpochMilli() <= Workflow.currentTimeMillis();
    if (now && Workflow.getVersion(GUARDRAILS_ON_REQUEST_VERSION, Workflow.DEFAULT_VERSION, 1) >= 1) {
      passed = checkGuardrailsBeforeAccepting(request);
    }
    failure = null;
    switchRequests++;
    Instant previous = scheduledSwitchAt;
    String replacing = previous == null ? "" : " (instead of " + previous + ")";
    if (request.at() == null || request.at().toEpochMilli() <= Workflow.currentTimeMillis()) {
      scheduledSwitchAt = null;
      steps.note("switch requested now" + replacing);
      enter(SWITCHING);
      return "switch started" + passed + ": " + plan.pilotDatabase() + " becomes " + plan.productionDatabase()
          + replacing;
    }
    scheduledSwitchAt = request.at();
    steps.note("switch scheduled at " + request.at() + replacing);
    enter(SWITCH_SCHEDULED);
    return "switch scheduled at " + request.at() + replacing + passed;
  }

  /**
   * The guardrails a switch would meet (long transactions, superusers, the archive name...), checked
   * before the request is accepted; the switch checks them again when it starts.
   *
   * @return what to add to the answer when they pass
   * @throws ApplicationFailure when they refuse, or cannot be checked: the update fails with the reason
   */
  private String checkGuardrailsBeforeAccepting(SwitchRequest request) {
    String what = "switch requested now";
    SwitchGuardrails guardrails;
    switchBeingChecked = true;
    steps.forgetCompleted();
    try {
      guardrails = steps.call("check switch guardrails", () -> PilotActivityStubs.switching(CHECK,
          "check switch guardrails before accepting the " + what + " (changes nothing)").checkSwitchGuardrails(plan));
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      throw refuse(what + ", not accepted: the guardrails could not be checked: " + Failures.cause(e)
          + "; nothing was changed", FailureTypes.STEP_FAILED);
    } finally {
      switchBeingChecked = false;
    }
    if (phase != READY && phase != SWITCH_SCHEDULED) {
      throw refuse(what + ", not accepted: the pilot is " + phase + " now (the scheduled switch started meanwhile?);"
          + " follow it with upgradectl watch", FailureTypes.BAD_INPUT);
    }
    List<String> refusals = guardrails.refusals() == null ? List.of() : guardrails.refusals();
    if (!refusals.isEmpty()) {
      throw refuse(what + ", refused by the guardrails, nothing was changed: " + String.join("; ", refusals),
          FailureTypes.PRECONDITION);
    }
    if (facts != null) {
      facts = facts.refused(null);
    }
    guardrailsOnRequest = guardrails;
    return " (guardrails passed)";
  }

  /** Records the refusal where the UI and status show it, and gives the failure the update ends with. */
  private ApplicationFailure refuse(String refusal, String type) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    facts = (facts == null ? new PilotFacts(null, 0, 0, null, 0, List.of(), null) : facts).refused(now + " " + refusal);
    steps.note(refusal);
    return ApplicationFailure.newNonRetryableFailure(refusal, type);
  }

  private void requireNoSwitchBeingChecked() {
    if (switchBeingChecked) {
      throw new IllegalArgumentException("a switch request is being checked against the guardrails right now;"
          + " send this request again in a moment");
    }
  }

  @Override
  public void validateCancelSwitch() {
    requireNoSwitchBeingChecked();
    PilotRequestRules.requireCancelSwitchAllowed(phase);
  }

  @Override
  public String cancelSwitch() {
    switchRequests++;
    Instant cancelled = scheduledSwitchAt;
    scheduledSwitchAt = null;
    steps.note("the switch scheduled at " + cancelled + " was cancelled");
    enter(READY);
    return "the switch scheduled at " + cancelled + " is cancelled; the pilot is READY";
  }

  @Override
  public void validateAbandon() {
    requireNoSwitchBeingChecked();
    PilotRequestRules.requireAbandonAllowed(phase);
  }

  @Override
  public String abandon() {
    failure = null;
    switchRequests++;
    scheduledSwitchAt = null;
    String message = "abandoned: production " + plan.productionDatabase() + " is not changed; the pilot database "
        + plan.pilotDatabase() + " is being dropped";
    steps.note(message);
    enter(ABANDONED);
    return message;
  }

  @Override
  public void validateSwitchBack() {
    PilotRequestRules.requireSwitchBackAllowed(phase, switchBackUntil, Workflow.currentTimeMillis());
  }

  @Override
  public String switchBack() {
    failure = null;
    steps.note("switch-back requested");
    enter(SWITCHING_BACK);
    return "switch-back started: " + plan.productionDatabase() + " is frozen, the rows written since the switch are"
        + " listed, then the archive " + plan.archiveDatabase() + " becomes " + plan.productionDatabase()
        + " again and the switched database is kept as " + plan.switchedBackDatabase() + "; follow it with status";
  }

  @Override
  public void validateForecastSwitch() {
    requireNoSwitchBeingChecked();
    PilotRequestRules.requireForecastAllowed(phase);
  }

  @Override
  public SwitchForecast forecastSwitch() {
    if (!changeCapture) {
      forecast = withoutCapture();
    } else {
      forecast = FreezeForecast.of(Instant.ofEpochMilli(Workflow.currentTimeMillis()),
          copy(CHECK, "count the changes pending in " + plan.productionDatabase() + " and " + plan.pilotDatabase()
              + " for a switch forecast").pendingChanges(plan), refreshMeasures, importRowsPerMilli);
    }
    publishDetails();
    return forecast;
  }

  @Override
  public PilotStatus status() {
    return new PilotStatus(plan, phase, steps.current(), scheduledSwitchAt, refreshCount, steps.progress(),
        configurationDrift, lastVerification, steps.history(), failure, switchBackUntil, switchBackReport, lastRefresh,
        forecast, freezeMillis, steps.timing(), facts, steps.stepProgress());
  }

  @Override
  public void reportProgress(ProgressReport report) {
    steps.progress(report);
  }

  // ---- change capture and the switch forecast ----

  private void measure(CopyResult copied) {
    lastRefresh = copied.refresh();
    if (copied.refresh().isEmpty()) {
      return;
    }
    long wholeRows = copied.tables().stream()
        .filter(t -> copied.refresh().stream().anyMatch(r -> r.table().equals(t.table()) && r.copiedWhole()))
        .mapToLong(CopyResult.TableCopied::rows).sum();
    refreshMeasures.add(new RefreshMeasure(copied.changedKeys(), wholeRows, copied.applyMillis(),
        copied.elapsedMillis(), Workflow.currentTimeMillis()));
    while (refreshMeasures.size() > MEASURES_KEPT) {
      refreshMeasures.remove(0);
    }
  }

  /** The forecast recorded at the switch, so that the actual freeze can be shown beside it; never stops the switch. */
  private void forecastQuietly() {
    try {
      forecastSwitch();
      steps.note("switch forecast: production frozen for about " + seconds(forecast.expectedFreezeMillis()) + " ("
          + forecast.pendingKeys() + " changed keys pending)");
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      steps.note("no switch forecast: " + Failures.cause(e));
    }
  }

  /** Before change capture, every refresh and the switch copy the data tables whole: the last one's time is the guide. */
  private SwitchForecast withoutCapture() {
    long last = refreshMeasures.isEmpty() ? 0 : refreshMeasures.get(refreshMeasures.size() - 1).elapsedMillis();
    return new SwitchForecast(Instant.ofEpochMilli(Workflow.currentTimeMillis()), List.of(),
        FreezeForecast.SWITCH_STEPS_MILLIS + last, "this upgrade started without change capture: the switch"
        + " re-imports every data-record table while production is frozen, about as long as a whole refresh");
  }

  /** @return "" when removed (or nothing to remove), else a sentence for the status, starting with "; " */
  private String removeProductionCapture() {
    if (!changeCapture) {
      return "";
    }
    DatabaseRef production = new DatabaseRef(plan.serverProfile(), plan.productionDatabase());
    try {
      steps.perform("remove change capture", () -> copy(ADMIN, "remove the change capture from "
          + production.database()).stopChangeCapture(plan, production));
      steps.note("removed the change capture from " + production.database());
      return "";
    } catch (TemporalFailure e) {
      Failures.rethrowIfCancelled(e);
      String warning = "the change capture could not be removed from " + production.database() + " ("
          + Failures.cause(e) + "): drop its schema upgradectl_capture and the triggers upgradectl_capture_* by hand";
      steps.note(warning);
      return "; " + warning;
    }
  }

  static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  // ---- phase, search attributes, current details ----

  private void enter(PilotPhase next) {
    boolean checkedOnRequest = next == SWITCHING && guardrailsOnRequest != null;
    if (next != phase && CurrentDetails.working(next) && next != CREATING && !checkedOnRequest) {
      steps.forgetCompleted();
    }
    metrics.phase(phase, next);
    phase = next;
    Workflow.upsertTypedSearchAttributes(UpgradeSearchAttributes.PHASE.valueSet(next.name()));
    publishDetails();
  }

  /** Ends the workflow FAILED: the phase and status say why, and so does the workflow's failure. */
  private void fail(String message, String type, Throwable cause) {
    failure = message;
    steps.note(message);
    enter(FAILED);
    throw ApplicationFailure.newNonRetryableFailureWithCause(message, type, cause);
  }

  private void upsertSearchAttributes() {
    UpgradeSearchAttributes.upsertAtStart(UpgradeSearchAttributes.PILOT, phase.name(),
        plan == null ? null : plan.serverProfile(), plan == null ? null : plan.productionDatabase(),
        plan == null ? null : plan.upgradePackage());
  }

  private void publishDetails() {
    Workflow.setCurrentDetails(CurrentDetails.render(status(), steps.completed(),
        Instant.ofEpochMilli(Workflow.currentTimeMillis())));
  }

  // ---- summaries ----

  private String packageName() {
    return plan.upgradePackage().versions();
  }

  private List<String> configurationTables() {
    return preflight == null ? null : preflight.configurationTables();
  }

  private List<String> dataTables() {
    return preflight == null ? null : preflight.dataTables();
  }

  private List<String> allTables() {
    if (configurationTables() == null || dataTables() == null) {
      return null;
    }
    List<String> all = new ArrayList<>(configurationTables());
    all.addAll(dataTables());
    return all;
  }

  private static String warnings(List<String> warnings) {
    return warnings == null || warnings.isEmpty() ? "" : "; warnings: " + String.join("; ", warnings);
  }
}
