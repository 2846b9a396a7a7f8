package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotSwitchTest.LAST_CREATE_STEP;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.ARCHIVE;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PILOT;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PRODUCTION;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.assertRefused;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitPhase;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitStatus;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.result;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.untyped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A switch with a switch-back grace period: the writes to the new production are recorded from the
 * switch on, the workflow stays SWITCHED until its timer ends the period, and a switch-back within
 * it restores the archive as production, undoing exactly what it did when a step fails.
 */
class PilotSwitchBackTest {
  static final int GRACE_MINUTES = 120;
  static final PilotPlan PLAN = PilotWorkflowTesting.PLAN.withSwitchBackGrace(GRACE_MINUTES);
  static final String ASIDE = PRODUCTION + "_v2_switched_back";
  static final String START_TRACKING = "startChangeTracking " + PILOT + " " + FakeUpgradeActivities.DATA_TABLES;
  static final String STOP_TRACKING_IN_PILOT = "stopChangeTracking " + PILOT;
  static final String POST_SWITCH_CHECK = "postSwitchCheck";
  /** The switch's last call; what follows it belongs to the switch-back period. */
  static final String SWITCH_DONE = PilotSwitchTest.REMOVE_PILOT_CAPTURE;
  static final String UNFREEZE_NEW_PRODUCTION = "unfreezeProduction " + PRODUCTION + " "
      + FakeUpgradeActivities.NEW_PRODUCTION_SETTINGS;
  static final String RENAME_ASIDE_BACK = "renameDatabase " + ASIDE + " -> " + PRODUCTION;
  static final String TAKE_ARCHIVE_OFFLINE_AGAIN = "takeOffline " + ARCHIVE;
  static final String RENAME_PRODUCTION_BACK_TO_ARCHIVE = "renameDatabase " + PRODUCTION + " -> " + ARCHIVE;

  /** The switch-back's calls, in order, when nothing fails. */
  static final List<String> SWITCH_BACK_STEPS = List.of(
      "checkSwitchBackGuardrails " + PILOT,
      "captureProductionSettings " + PRODUCTION,
      "freezeProduction " + PRODUCTION,
      "changesSinceSwitch " + PRODUCTION,
      "assertNoWritesSince {tickets=42}",
      "renameDatabase " + PRODUCTION + " -> " + ASIDE,
      "bringOnline " + ARCHIVE,
      "renameDatabase " + ARCHIVE + " -> " + PRODUCTION,
      "unfreezeProduction " + PRODUCTION + " " + FakeUpgradeActivities.PRIOR_SETTINGS);

  private final PilotWorkflowTesting testing = new PilotWorkflowTesting();
  private final FakeUpgradeActivities activities = testing.activities;

  @AfterEach
  void close() {
    testing.close();
  }

  private PilotUpgradeWorkflow switched() {
    PilotUpgradeWorkflow workflow = testing.start(PLAN);
    awaitPhase(workflow, PilotPhase.READY);
    workflow.switchToProduction(SwitchRequest.now());
    awaitStatus(workflow, s -> s.phase() == PilotPhase.SWITCHED && s.switchBackUntil() != null, "SWITCHED, open");
    return workflow;
  }

  @Test
  void theSwitchRecordsWritesFromJustBeforeThePilotTakesTheNameAndTheTimerEndsThePeriod() {
    PilotUpgradeWorkflow workflow = switched();
    PilotStatus open = workflow.status();
    Instant switchedAt = activities.lastCalledAt(POST_SWITCH_CHECK);

    List<String> switchCalls = activities.callsAfterFirst(LAST_CREATE_STEP);
    assertThat(switchCalls.indexOf(START_TRACKING)).as("recording starts right before the pilot takes the name")
        .isEqualTo(switchCalls.indexOf("renameDatabase " + PILOT + " -> " + PRODUCTION) - 1);
    assertThat(open.switchBackUntil()).isBetween(switchedAt.plus(Duration.ofMinutes(GRACE_MINUTES)),
        switchedAt.plus(Duration.ofMinutes(GRACE_MINUTES)).plusSeconds(5));
    assertThat(String.join("\n", open.history())).contains("switch-back possible until " + open.switchBackUntil());
    assertThat(untyped(workflow).describe().getTypedSearchAttributes().get(UpgradeSearchAttributes.PHASE))
        .isEqualTo("SWITCHED");

    PilotStatus ended = result(workflow);

    assertThat(ended.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(ended.switchBackUntil()).isNull();
    assertThat(ended.failure()).isNull();
    assertThat(activities.callsAfter(SWITCH_DONE)).containsExactly("stopChangeTracking " + PRODUCTION);
    assertThat(activities.lastCalledAt("stopChangeTracking " + PRODUCTION)).isAfterOrEqualTo(open.switchBackUntil());
    assertThat(String.join("\n", ended.history())).contains("the switch-back period ended at " + open.switchBackUntil());
  }

  @Test
  void withoutAGracePeriodTheSwitchRecordsNothingAndEndsAtOnce() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    workflow.switchToProduction(SwitchRequest.now());

    PilotStatus switched = result(workflow);

    assertThat(switched.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(switched.switchBackUntil()).isNull();
    assertThat(activities.callsAfterFirst(LAST_CREATE_STEP)).isEqualTo(PilotSwitchTest.SWITCH_STEPS);
  }

  @Test
  void aSwitchBackRestoresTheArchiveInOrderAndReportsTheRowsWrittenSinceTheSwitch() {
    PilotUpgradeWorkflow workflow = switched();

    String reply = workflow.switchBack();
    PilotStatus back = result(workflow);

    assertThat(reply).contains("switch-back started", ARCHIVE + " becomes " + PRODUCTION, ASIDE);
    assertThat(back.phase()).isEqualTo(PilotPhase.SWITCHED_BACK);
    assertThat(back.failure()).isNull();
    assertThat(back.switchBackUntil()).isNull();
    assertThat(activities.callsAfter(SWITCH_DONE)).isEqualTo(SWITCH_BACK_STEPS);
    assertThat(back.switchBackReport().totalChanged()).isEqualTo(2);
    assertThat(back.switchBackReport().database()).isEqualTo(ASIDE);
    assertThat(String.join("\n", back.history())).contains(
        "rows written to " + PRODUCTION + " since the switch: 2 rows: comments 0 inserted, 0 updated, 1 deleted;"
            + " tickets 1 inserted, 0 updated, 0 deleted",
        "renamed " + PRODUCTION + " (the switched database) to " + ASIDE,
        "renamed " + ARCHIVE + " to " + PRODUCTION);
    assertThat(untyped(workflow).describe().getTypedSearchAttributes().get(UpgradeSearchAttributes.PHASE))
        .isEqualTo("SWITCHED_BACK");
  }

  @Test
  void aSwitchBackBeforeTheSwitchIsRefusedWithTheReason() {
    PilotUpgradeWorkflow workflow = testing.start(PLAN);
    awaitPhase(workflow, PilotPhase.READY);

    assertRefused(workflow::switchBack, "switch-back is not allowed while READY", "has not been switched to production");
    workflow.switchToProduction(new SwitchRequest(testing.now().plus(Duration.ofHours(1))));
    assertRefused(workflow::switchBack, "switch-back is not allowed while SWITCH_SCHEDULED");
    assertThat(activities.calls()).doesNotContain("checkSwitchBackGuardrails " + PILOT);
  }

  @Test
  void aSecondSwitchBackWhileOneRunsIsRefused() throws InterruptedException {
    PilotUpgradeWorkflow workflow = switched();
    FakeUpgradeActivities.Gate gate = activities.hold("changesSinceSwitch " + PRODUCTION);
    workflow.switchBack();
    gate.awaitEntered();

    assertRefused(workflow::switchBack, "switch-back is not allowed while SWITCHING_BACK", "under way already");
    gate.release();
    assertThat(result(workflow).phase()).isEqualTo(PilotPhase.SWITCHED_BACK);
  }

  @Test
  void aRefusedSwitchBackChangesNothingAndTheNewProductionStays() {
    PilotUpgradeWorkflow workflow = switched();
    activities.refuseSwitchBack("archive database " + ARCHIVE + " does not exist");

    workflow.switchBack();
    PilotStatus refused = awaitStatus(workflow, s -> s.phase() == PilotPhase.SWITCHED && s.failure() != null, "refusal");

    assertThat(refused.failure()).isEqualTo("switch-back refused, nothing was changed: archive database " + ARCHIVE
        + " does not exist");
    assertThat(activities.callsAfter(SWITCH_DONE)).containsExactly("checkSwitchBackGuardrails " + PILOT);
    assertThat(refused.switchBackUntil()).as("still possible until the end of the period").isNotNull();
  }

  static Stream<Arguments> failingSteps() {
    List<String> afterAside = List.of(RENAME_ASIDE_BACK, UNFREEZE_NEW_PRODUCTION);
    List<String> afterOnline = List.of(TAKE_ARCHIVE_OFFLINE_AGAIN, RENAME_ASIDE_BACK, UNFREEZE_NEW_PRODUCTION);
    List<String> afterArchiveRenamed = List.of(RENAME_PRODUCTION_BACK_TO_ARCHIVE, TAKE_ARCHIVE_OFFLINE_AGAIN,
        RENAME_ASIDE_BACK, UNFREEZE_NEW_PRODUCTION);
    return Stream.of(
        arguments(1, "capture the new production's settings", List.of()),
        arguments(2, "freeze the new production", List.of(UNFREEZE_NEW_PRODUCTION)),
        arguments(3, "list the rows written since the switch", List.of(UNFREEZE_NEW_PRODUCTION)),
        arguments(4, "prove no write since the freeze", List.of(UNFREEZE_NEW_PRODUCTION)),
        arguments(5, "rename the new production aside", afterAside),
        arguments(6, "bring the archive online", afterOnline),
        arguments(7, "rename the archive to the production name", afterArchiveRenamed),
        arguments(8, "restore production's settings", afterArchiveRenamed));
  }

  @ParameterizedTest(name = "failure at step {0}: {1}")
  @MethodSource("failingSteps")
  void aFailureAtAnySwitchBackStepUndoesExactlyTheStepsDoneInReverseOrder(int step, String stepName,
      List<String> expectedCompensations) {
    PilotUpgradeWorkflow workflow = switched();
    String failingCall = SWITCH_BACK_STEPS.get(step);
    activities.failAt(failingCall);

    workflow.switchBack();
    PilotStatus rolledBack = awaitStatus(workflow, s -> s.phase() == PilotPhase.SWITCHED && s.failure() != null,
        "SWITCHED after the rollback");

    List<String> expectedCalls = new ArrayList<>(SWITCH_BACK_STEPS.subList(0, step + 1));
    expectedCalls.addAll(expectedCompensations);
    assertThat(activities.callsAfter(SWITCH_DONE)).isEqualTo(expectedCalls);
    assertThat(rolledBack.failure())
        .startsWith("switch-back failed at step '" + stepName + "': injected failure at " + failingCall)
        .contains(PRODUCTION + " is the new production still, online and writable");
    assertThat(rolledBack.switchBackUntil()).isNotNull();

    activities.stopFailing();
    workflow.switchBack();
    assertThat(result(workflow).phase()).as("the operator can retry the switch-back").isEqualTo(PilotPhase.SWITCHED_BACK);
  }

  @Test
  void aFailingSwitchBackCompensationEndsTheUpgradeFailedListingWhatWasNotUndone() {
    PilotUpgradeWorkflow workflow = switched();
    activities.failAt(SWITCH_BACK_STEPS.get(8));
    activities.failAt(RENAME_ASIDE_BACK);

    workflow.switchBack();

    assertThatThrownBy(() -> result(workflow))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.ROLLBACK_INCOMPLETE);
          assertThat(failure.getOriginalMessage()).contains("SWITCH-BACK FAILED AND COULD NOT BE FULLY UNDONE",
              "NOT UNDONE: rename " + ASIDE + " back to " + PRODUCTION, "by hand");
        });
  }

  @Test
  void aSwitchRolledBackAfterRecordingBeganStopsTheRecordingInThePilot() {
    PilotUpgradeWorkflow workflow = testing.start(PLAN);
    awaitPhase(workflow, PilotPhase.READY);
    activities.failAt("renameDatabase " + PILOT + " -> " + PRODUCTION);

    workflow.switchToProduction(SwitchRequest.now());
    awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null, "READY after the rollback");

    assertThat(activities.callsAfter(START_TRACKING)).containsExactly(
        "renameDatabase " + PILOT + " -> " + PRODUCTION,
        PilotSwitchRollbackTest.RENAME_PILOT_BACK,
        STOP_TRACKING_IN_PILOT,
        PilotSwitchRollbackTest.BRING_ARCHIVE_ONLINE,
        PilotSwitchRollbackTest.RENAME_ARCHIVE_BACK,
        PilotSwitchRollbackTest.CAPTURE_AGAIN,
        PilotSwitchRollbackTest.UNFREEZE);
  }
}
