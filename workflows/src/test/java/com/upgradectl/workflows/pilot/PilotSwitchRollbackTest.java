package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotSwitchTest.LAST_CREATE_STEP;
import static com.upgradectl.workflows.pilot.PilotSwitchTest.SWITCH_STEPS;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.ARCHIVE;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PILOT;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PRODUCTION;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.assertRefused;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitStatus;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure at each step of the switch: the compensations called are exactly the inverses of the
 * steps begun, in reverse order; production is restored and the pilot READY for another try.
 */
class PilotSwitchRollbackTest {
  static final String UNFREEZE = "unfreezeProduction " + PRODUCTION + " " + FakeUpgradeActivities.PRIOR_SETTINGS;
  static final String RENAME_ARCHIVE_BACK = "renameDatabase " + ARCHIVE + " -> " + PRODUCTION;
  static final String BRING_ARCHIVE_ONLINE = "bringOnline " + ARCHIVE;
  static final String RENAME_PILOT_BACK = "renameDatabase " + PRODUCTION + " -> " + PILOT;
  static final String PILOT_MODE_AGAIN = "runPilotModeStatements " + PILOT;
  static final String STOP_CAPTURE = "stopChangeCapture " + PRODUCTION;
  static final String CAPTURE_AGAIN = "startChangeCapture " + PRODUCTION;

  private final PilotWorkflowTesting testing = new PilotWorkflowTesting();
  private final FakeUpgradeActivities activities = testing.activities;

  @AfterEach
  void close() {
    testing.close();
  }

  static Stream<Arguments> failingSteps() {
    List<String> afterRenames = List.of(RENAME_PILOT_BACK, BRING_ARCHIVE_ONLINE, RENAME_ARCHIVE_BACK, CAPTURE_AGAIN,
        UNFREEZE);
    List<String> afterPostSwitch = new ArrayList<>(afterRenames);
    afterPostSwitch.add(PILOT_MODE_AGAIN);
    return Stream.of(
        arguments("captureProductionSettings " + PRODUCTION, "capture production settings", List.of()),
        arguments("resyncDataTables", "refresh before the freeze", List.of()),
        arguments("freezeProduction " + PRODUCTION, "freeze production", List.of(UNFREEZE)),
        arguments("resyncWhileFrozen", "final re-import of data records", List.of(UNFREEZE)),
        arguments("assertNoWritesSince {tickets=42}", "prove no write since the freeze", List.of(UNFREEZE)),
        arguments(STOP_CAPTURE, "remove change capture from production", List.of(CAPTURE_AGAIN, UNFREEZE)),
        arguments("renameDatabase " + PRODUCTION + " -> " + ARCHIVE, "rename production to the archive name",
            List.of(RENAME_ARCHIVE_BACK, CAPTURE_AGAIN, UNFREEZE)),
        arguments("takeOffline " + ARCHIVE, "take the archive offline",
            List.of(BRING_ARCHIVE_ONLINE, RENAME_ARCHIVE_BACK, CAPTURE_AGAIN, UNFREEZE)),
        arguments("renameDatabase " + PILOT + " -> " + PRODUCTION, "rename the pilot to the production name", afterRenames),
        arguments("runPostSwitchStatements " + PRODUCTION, "post-switch statements", afterPostSwitch),
        arguments("postSwitchCheck", "post-switch check", afterPostSwitch));
  }

  @ParameterizedTest(name = "failure at {0}")
  @MethodSource("failingSteps")
  void aFailureAtAnySwitchStepUndoesExactlyTheStepsDoneInReverseOrder(String failingCall, String stepName,
      List<String> expectedCompensations) {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.failAt(failingCall);

    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus rolledBack = awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null,
        "READY after the rollback");

    List<String> forward = SWITCH_STEPS.subList(0, SWITCH_STEPS.indexOf(failingCall) + 1);
    List<String> expectedCalls = new ArrayList<>(forward);
    expectedCalls.addAll(expectedCompensations);
    assertThat(activities.callsAfterFirst(LAST_CREATE_STEP)).isEqualTo(expectedCalls);
    assertThat(rolledBack.failure()).startsWith("switch failed at step '" + stepName + "': injected failure at " + failingCall)
        .contains("production restored");
    assertThat(String.join("\n", rolledBack.history())).contains("switch failed at step '" + stepName + "'");

    activities.stopFailing();
    workflow.switchToProduction(SwitchRequest.now());
    assertThat(result(workflow).phase()).as("the operator can retry the switch").isEqualTo(PilotPhase.SWITCHED);
  }

  @Test
  void aRefreshBeforeTheFreezeThatDoesNotVerifyStopsTheSwitchBeforeProductionIsTouched() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.mismatchAt("resyncDataTables", "comments");

    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus status = awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null, "rollback");

    assertThat(status.failure()).contains("refresh before the freeze", "comments (99 rows, production has 100)",
        "nothing needed undoing");
    assertThat(activities.callsAfter("resyncDataTables")).isEmpty();
    assertThat(activities.calls()).doesNotContain("freezeProduction " + PRODUCTION);
  }

  @Test
  void aFinalReimportThatDoesNotVerifyIsNotSwitched() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.mismatchAt("resyncWhileFrozen", "comments");

    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus status = awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null, "rollback");

    assertThat(status.failure()).contains("final re-import of data records", "comments (99 rows, production has 100)",
        "production restored");
    assertThat(activities.callsAfter("resyncWhileFrozen")).containsExactly(UNFREEZE);
    assertThat(status.lastVerification()).filteredOn(c -> !c.matches()).extracting(c -> c.table()).containsExactly("comments");
  }

  @Test
  void aPostSwitchCheckThatDoesNotVerifyPutsProductionBack() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.mismatchAt("postSwitchCheck", "tickets");

    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus status = awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null, "rollback");

    assertThat(status.failure()).contains("post-switch check", "tickets", "production restored");
    assertThat(activities.callsAfter("postSwitchCheck"))
        .containsExactly(RENAME_PILOT_BACK, BRING_ARCHIVE_ONLINE, RENAME_ARCHIVE_BACK, CAPTURE_AGAIN, UNFREEZE,
            PILOT_MODE_AGAIN);
  }

  @Test
  void aFailingCompensationEndsTheUpgradeFailedListingWhatWasNotUndone() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.failAt("runPostSwitchStatements " + PRODUCTION);
    activities.failAt(BRING_ARCHIVE_ONLINE);

    workflow.switchToProduction(SwitchRequest.now());

    assertThatThrownBy(() -> result(workflow))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.ROLLBACK_INCOMPLETE);
          assertThat(failure.getOriginalMessage()).contains("COULD NOT BE FULLY UNDONE",
              "NOT UNDONE: bring " + ARCHIVE + " online (injected failure at " + BRING_ARCHIVE_ONLINE + ")",
              "rename " + ARCHIVE + " back to " + PRODUCTION, "by hand");
        });
    // The other compensations still ran; pilot mode is not re-applied while production is not restored,
    // and since the upgrade ends here, its capture does not stay behind on production.
    assertThat(activities.callsAfter("runPostSwitchStatements " + PRODUCTION))
        .containsExactly(RENAME_PILOT_BACK, BRING_ARCHIVE_ONLINE, RENAME_ARCHIVE_BACK, CAPTURE_AGAIN, UNFREEZE,
            STOP_CAPTURE);
    PilotStatus status = testing.client.newWorkflowStub(PilotUpgradeWorkflow.class, "pilot-upgrade/local/servicedesk").status();
    assertThat(status.phase()).isEqualTo(PilotPhase.FAILED);
    assertThat(status.failure()).contains("NOT UNDONE: bring " + ARCHIVE + " online");
  }

  @Test
  void aPilotModeThatCannotBeReappliedIsReportedButProductionIsRestored() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.failAt("postSwitchCheck");
    activities.failAt(PILOT_MODE_AGAIN);

    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus status = awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null, "rollback");

    assertThat(status.failure()).contains("production restored", "WARNING: the pilot-mode statements could not be run in "
        + PILOT + " again", "pause them by hand");
  }

  @Test
  void aPilotCaptureThatCannotBeRemovedAfterTheSwitchIsAWarningNotARollback() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.failAt(STOP_CAPTURE, 2);

    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus switched = result(workflow);

    assertThat(switched.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(activities.callsAfter("postSwitchCheck")).containsExactly(STOP_CAPTURE);
    assertThat(String.join("\n", switched.history())).contains(
        "WARNING: the pilot's change capture could not be removed from " + PRODUCTION, "by hand");
  }

  @Test
  void aFailingGuardrailCheckRefusesTheRequestAndChangesNothing() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.failAt("checkSwitchGuardrails");

    assertRefused(() -> workflow.switchToProduction(SwitchRequest.now()),
        "switch requested now, not accepted: the guardrails could not be checked", "nothing was changed");

    assertThat(workflow.status().phase()).isEqualTo(PilotPhase.READY);
    assertThat(activities.callsAfter("checkSwitchGuardrails")).isEmpty();
  }
}
