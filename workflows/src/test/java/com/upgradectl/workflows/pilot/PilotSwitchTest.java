package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.ARCHIVE;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PILOT;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PRODUCTION;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.assertRefused;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitPhase;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitStatus;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.result;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.untyped;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.UpgradeSearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PilotSwitchTest {
  /** The calls of a switch requested now, in order, when nothing fails: the guardrails before it is accepted. */
  static final List<String> SWITCH_STEPS = List.of(
      "checkSwitchGuardrails",
      "pendingChanges",
      "captureProductionSettings " + PRODUCTION,
      "resyncDataTables",
      "freezeProduction " + PRODUCTION,
      "resyncWhileFrozen",
      "assertNoWritesSince {tickets=42}",
      "stopChangeCapture " + PRODUCTION,
      "renameDatabase " + PRODUCTION + " -> " + ARCHIVE,
      "takeOffline " + ARCHIVE,
      "renameDatabase " + PILOT + " -> " + PRODUCTION,
      "runPostSwitchStatements " + PRODUCTION,
      "postSwitchCheck",
      "stopChangeCapture " + PRODUCTION);
  /** A scheduled switch checks the guardrails when its time has come, after the forecast. */
  static final List<String> SCHEDULED_SWITCH_STEPS = java.util.stream.Stream.concat(
      Stream.of("pendingChanges", "checkSwitchGuardrails"), SWITCH_STEPS.stream().skip(2)).toList();
  /** The last call of a switch: the pilot's own capture removed from the new production. */
  static final String REMOVE_PILOT_CAPTURE = "stopChangeCapture " + PRODUCTION;
  static final String LAST_CREATE_STEP = "runPilotModeStatements " + PILOT;

  private final PilotWorkflowTesting testing = new PilotWorkflowTesting();
  private final FakeUpgradeActivities activities = testing.activities;

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void switchNowRunsEveryStepInOrderAndCompletesSwitched() {
    PilotUpgradeWorkflow workflow = testing.startReady();

    String reply = workflow.switchToProduction(SwitchRequest.now());
    PilotStatus switched = result(workflow);

    assertThat(reply).contains("switch started (guardrails passed)", PILOT + " becomes " + PRODUCTION);
    assertThat(switched.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(switched.failure()).isNull();
    assertThat(activities.callsAfterFirst(LAST_CREATE_STEP)).isEqualTo(SWITCH_STEPS);
    assertThat(switched.lastVerification()).hasSize(6).allMatch(c -> c.matches());
    assertThat(String.join("\n", switched.history())).contains(
        "froze " + PRODUCTION, "renamed " + PRODUCTION + " to " + ARCHIVE, "took " + ARCHIVE + " offline",
        "renamed " + PILOT + " to " + PRODUCTION, "post-switch check passed");
    assertThat(untyped(workflow).describe().getTypedSearchAttributes().get(UpgradeSearchAttributes.PHASE))
        .isEqualTo("SWITCHED");
  }

  @Test
  void theWorkersMetricsShowThePhaseAndTheFreezeBesideItsForecast() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    String id = testing.execution(workflow).getWorkflowId();
    Map<String, String> ofThisUpgrade = Map.of("upgrade", id);
    awaitMetric(() -> testing.metrics.gauge(UpgradeMetrics.PHASE, Map.of("upgrade", id, "phase", "READY")), 1.0);

    workflow.switchToProduction(SwitchRequest.now());
    result(workflow);

    awaitMetric(() -> testing.metrics.gauge(UpgradeMetrics.PHASE, Map.of("upgrade", id, "phase", "SWITCHED")), 1.0);
    assertThat(testing.metrics.gauge(UpgradeMetrics.PHASE, Map.of("upgrade", id, "phase", "READY"))).isZero();
    assertThat(testing.metrics.gauge(UpgradeMetrics.FROZEN, ofThisUpgrade)).as("thawed after the switch").isZero();
    assertThat(testing.metrics.gauge(UpgradeMetrics.FROZEN_SINCE, ofThisUpgrade)).isPositive();
    assertThat(testing.metrics.gauge(UpgradeMetrics.FREEZE_FORECAST, ofThisUpgrade)).isNotNull();
    assertThat(testing.metrics.timers).anySatisfy(t -> assertThat(t.name()).isEqualTo(UpgradeMetrics.FREEZE));
  }

  private static void awaitMetric(java.util.function.Supplier<Double> value, double expected) throws Exception {
    for (int i = 0; i < 200 && !Double.valueOf(expected).equals(value.get()); i++) {
      Thread.sleep(20);
    }
    assertThat(value.get()).isEqualTo(expected);
  }

  @Test
  void aScheduledSwitchWaitsForItsTime() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    Instant at = testing.now().plus(Duration.ofHours(2));

    String reply = workflow.switchToProduction(new SwitchRequest(at));

    assertThat(reply).isEqualTo("switch scheduled at " + at);
    PilotStatus scheduled = workflow.status();
    assertThat(scheduled.phase()).isEqualTo(PilotPhase.SWITCH_SCHEDULED);
    assertThat(scheduled.scheduledSwitchAt()).isEqualTo(at);
    assertThat(activities.calls()).doesNotContain("checkSwitchGuardrails");

    PilotStatus switched = result(workflow);

    assertThat(switched.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(activities.lastCalledAt("checkSwitchGuardrails")).isAfterOrEqualTo(at);
    assertThat(activities.callsAfterFirst(LAST_CREATE_STEP)).isEqualTo(SCHEDULED_SWITCH_STEPS);
  }

  @Test
  void sendingTheSwitchAgainReschedulesIt() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    Instant first = testing.now().plus(Duration.ofHours(2));
    Instant second = testing.now().plus(Duration.ofHours(5));

    workflow.switchToProduction(new SwitchRequest(first));
    String reply = workflow.switchToProduction(new SwitchRequest(second));

    assertThat(reply).contains("switch scheduled at " + second, "instead of " + first);
    assertThat(workflow.status().scheduledSwitchAt()).isEqualTo(second);
    testing.env.sleep(Duration.ofHours(3));
    assertThat(workflow.status().phase()).isEqualTo(PilotPhase.SWITCH_SCHEDULED);
    assertThat(activities.calls()).doesNotContain("checkSwitchGuardrails");

    assertThat(result(workflow).phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(activities.lastCalledAt("checkSwitchGuardrails")).isAfterOrEqualTo(second);
  }

  @Test
  void aScheduledSwitchCanBeCancelled() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    Instant at = testing.now().plus(Duration.ofHours(1));
    workflow.switchToProduction(new SwitchRequest(at));

    String reply = workflow.cancelSwitch();

    assertThat(reply).contains("cancelled", at.toString());
    PilotStatus ready = workflow.status();
    assertThat(ready.phase()).isEqualTo(PilotPhase.READY);
    assertThat(ready.scheduledSwitchAt()).isNull();
    testing.env.sleep(Duration.ofHours(2));
    assertThat(workflow.status().phase()).isEqualTo(PilotPhase.READY);
    assertThat(activities.calls()).doesNotContain("checkSwitchGuardrails");
    assertRefused(workflow::cancelSwitch, "cancel-switch is not allowed while READY", "no switch is scheduled");
    List<HistoryEvent> events = testing.env.getWorkflowExecutionHistory(testing.execution(workflow)).getEvents();
    assertThat(events).as("the cancelled switch's timer is cancelled, not left running")
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_CANCELED).hasSize(1);
    assertThat(events).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED).isEmpty();
  }

  @Test
  void switchNowReplacesAScheduledSwitch() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    Instant tomorrow = testing.now().plus(Duration.ofDays(1));
    workflow.switchToProduction(new SwitchRequest(tomorrow));

    workflow.switchToProduction(SwitchRequest.now());

    assertThat(result(workflow).phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(activities.lastCalledAt("checkSwitchGuardrails")).isBefore(tomorrow);
  }

  @Test
  void aSwitchTimeInThePastIsRefusedNamingBothTimes() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    Instant past = testing.now().minus(Duration.ofMinutes(5));

    assertRefused(() -> workflow.switchToProduction(new SwitchRequest(past)),
        "switch time " + past + " is in the past", "now it is");
    assertThat(workflow.status().phase()).isEqualTo(PilotPhase.READY);
  }

  @Test
  void switchIsRefusedWhileThePilotIsBeingCreated() throws Exception {
    FakeUpgradeActivities.Gate importing = activities.hold("importAllTables");
    PilotUpgradeWorkflow workflow = testing.start();
    importing.awaitEntered();

    assertRefused(() -> workflow.switchToProduction(SwitchRequest.now()),
        "switch is not allowed while CREATING", "wait until the pilot is created");
    assertRefused(workflow::refresh, "refresh is not allowed while CREATING");
    assertRefused(workflow::abandon, "abandon is not allowed while CREATING");
    importing.release();
    awaitPhase(workflow, PilotPhase.READY);
  }

  @Test
  void aGuardrailRefusalRefusesTheRequestItselfChangesNothingAndTheSwitchCanBeRetried() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.refuseSwitch("a transaction on servicedesk has been open for 2 hours", "archive name is taken");

    assertRefused(() -> workflow.switchToProduction(SwitchRequest.now()), "switch requested now, refused by the"
        + " guardrails, nothing was changed", "a transaction on servicedesk has been open for 2 hours",
        "archive name is taken");

    PilotStatus refused = workflow.status();
    assertThat(refused.phase()).isEqualTo(PilotPhase.READY);
    assertThat(refused.atRest().lastRefusal()).contains("refused by the guardrails", "archive name is taken");
    assertThat(activities.callsAfterFirst(LAST_CREATE_STEP)).containsExactly("checkSwitchGuardrails");
    assertThat(PilotUiMetadataTest.awaitDetails(untyped(workflow), d -> d.contains("**Refused:**")))
        .as("the UI shows the refusal").contains("**Refused:** ", "switch requested now, refused by the guardrails",
            "archive name is taken", "**Phase:** READY");

    activities.refuseSwitch();
    assertThat(workflow.switchToProduction(SwitchRequest.now())).startsWith("switch started (guardrails passed)");
    PilotStatus switched = result(workflow);
    assertThat(switched.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(switched.atRest().lastRefusal()).as("the switch that went ahead clears the refusal").isNull();
  }

  @Test
  void aScheduledSwitchRefusedAtItsTimeShowsTheRefusalInTheUi() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.refuseSwitch("archive name is taken");
    Instant at = testing.now().plus(Duration.ofHours(1));

    assertThat(workflow.switchToProduction(new SwitchRequest(at))).isEqualTo("switch scheduled at " + at);
    testing.env.sleep(Duration.ofHours(2));
    PilotStatus refused = awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null, "the refusal");

    assertThat(refused.atRest().lastRefusal()).contains("switch refused, nothing was changed: archive name is taken");
    assertThat(PilotUiMetadataTest.awaitDetails(untyped(workflow), d -> d.contains("**Refused:**")))
        .contains("switch refused, nothing was changed: archive name is taken");
  }

  @Test
  void abandonDropsThePilotAndEndsTheUpgrade() {
    PilotUpgradeWorkflow workflow = testing.startReady();

    String reply = workflow.abandon();
    PilotStatus abandoned = result(workflow);

    assertThat(reply).contains("production " + PRODUCTION + " is not changed", PILOT + " is being dropped");
    assertThat(abandoned.phase()).isEqualTo(PilotPhase.ABANDONED);
    assertThat(abandoned.failure()).isNull();
    assertThat(abandoned.history()).last().asString().contains("dropped the pilot database " + PILOT);
    assertThat(activities.callsAfterFirst(LAST_CREATE_STEP))
        .as("the capture leaves production before the pilot goes")
        .containsExactly("stopChangeCapture " + PRODUCTION, "dropPilotDatabase " + PILOT);
  }

  @Test
  void aFailedDropStillEndsAbandonedAndSaysThePilotIsLeftInPlace() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.failAt("dropPilotDatabase " + PILOT);

    workflow.abandon();
    PilotStatus abandoned = result(workflow);

    assertThat(abandoned.phase()).isEqualTo(PilotPhase.ABANDONED);
    assertThat(abandoned.failure()).contains("dropping the pilot database " + PILOT + " failed",
        "it is left in place, drop it by hand", "Production " + PRODUCTION + " was not changed");
  }

  @Test
  void abandonCancelsAScheduledSwitch() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    workflow.switchToProduction(new SwitchRequest(testing.now().plus(Duration.ofHours(1))));

    workflow.abandon();

    PilotStatus abandoned = result(workflow);
    assertThat(abandoned.phase()).isEqualTo(PilotPhase.ABANDONED);
    assertThat(abandoned.scheduledSwitchAt()).isNull();
    assertThat(activities.callsAfterFirst(LAST_CREATE_STEP))
        .containsExactly("stopChangeCapture " + PRODUCTION, "dropPilotDatabase " + PILOT);
  }
}
