package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PILOT;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.assertRefused;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitPhase;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PilotRefreshTest {
  private final PilotWorkflowTesting testing = new PilotWorkflowTesting();
  private final FakeUpgradeActivities activities = testing.activities;

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void refreshReimportsTheDataRecordsAndChecksDrift() {
    PilotUpgradeWorkflow workflow = testing.startReady();

    String reply = workflow.refresh();

    assertThat(reply).contains("refresh started", PILOT);
    PilotStatus status = awaitStatus(workflow, s -> s.refreshCount() == 1, "one refresh");
    assertThat(status.phase()).isEqualTo(PilotPhase.READY);
    assertThat(status.configurationDrift()).isEmpty();
    assertThat(status.failure()).isNull();
    assertThat(activities.callsAfterFirst("runPilotModeStatements " + PILOT))
        .containsExactly("resyncDataTables", "configurationFingerprints");
    assertThat(status.history()).last().asString().contains("refresh #1 done", "300 rows", "since the pilot was created: none");
  }

  @Test
  void configurationChangedInProductionIsReportedAsDriftTableByTable() {
    PilotUpgradeWorkflow workflow = testing.startReady();

    activities.changeProductionConfiguration("settings");
    workflow.refresh();
    PilotStatus first = awaitStatus(workflow, s -> s.refreshCount() == 1, "first refresh");
    activities.changeProductionConfiguration("categories");
    workflow.refresh();
    PilotStatus second = awaitStatus(workflow, s -> s.refreshCount() == 2, "second refresh");

    assertThat(first.configurationDrift()).containsExactly("settings");
    assertThat(second.configurationDrift()).containsExactly("categories", "settings");
    assertThat(second.history()).last().asString().contains("categories, settings");
  }

  @Test
  void aFailedRefreshLeavesThePilotReadyAndCanBeRetried() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.failAt("resyncDataTables");

    workflow.refresh();
    PilotStatus failed = awaitStatus(workflow, s -> s.failure() != null, "a failed refresh");

    assertThat(failed.phase()).isEqualTo(PilotPhase.READY);
    assertThat(failed.refreshCount()).isZero();
    assertThat(failed.failure()).contains("refresh #1 failed at step 're-import data records'",
        "injected failure at resyncDataTables", "the pilot is unchanged");
    assertThat(failed.history()).last().asString().contains("refresh #1 failed");

    activities.stopFailing();
    workflow.refresh();
    PilotStatus retried = awaitStatus(workflow, s -> s.refreshCount() == 1, "the retried refresh");
    assertThat(retried.failure()).isNull();
  }

  @Test
  void aRefreshThatDoesNotVerifyIsReportedAndNotCounted() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.mismatchAt("resyncDataTables", "tickets");

    workflow.refresh();
    PilotStatus status = awaitStatus(workflow, s -> s.failure() != null, "a refresh that did not verify");

    assertThat(status.phase()).isEqualTo(PilotPhase.READY);
    assertThat(status.refreshCount()).isZero();
    assertThat(status.failure()).contains("do not match production", "tickets (99 rows, production has 100)");
    assertThat(status.lastVerification()).filteredOn(c -> !c.matches()).extracting(c -> c.table()).containsExactly("tickets");
  }

  @Test
  void everyRequestIsRefusedWhileRefreshingEvenRightAfterTheRefreshWasAccepted() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    FakeUpgradeActivities.Gate resync = activities.hold("resyncDataTables");

    workflow.refresh();
    assertRefused(workflow::refresh, "refresh is not allowed while REFRESHING", "wait for the refresh to finish");
    resync.awaitEntered();
    assertThat(workflow.status().step()).isEqualTo("re-import data records");
    assertRefused(() -> workflow.switchToProduction(SwitchRequest.now()), "switch is not allowed while REFRESHING");
    assertRefused(workflow::abandon, "abandon is not allowed while REFRESHING");
    assertRefused(workflow::cancelSwitch, "cancel-switch is not allowed while REFRESHING");

    resync.release();
    assertThat(awaitPhase(workflow, PilotPhase.READY).refreshCount()).isEqualTo(1);
  }

  @Test
  void refreshIsRefusedWhileASwitchIsScheduled() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    workflow.switchToProduction(new SwitchRequest(testing.now().plus(Duration.ofHours(1))));

    assertRefused(workflow::refresh, "refresh is not allowed while SWITCH_SCHEDULED", "cancel it first");
  }

  @Test
  void refreshIsRefusedWhileSwitching() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    FakeUpgradeActivities.Gate freeze = activities.hold("freezeProduction servicedesk");

    workflow.switchToProduction(SwitchRequest.now());
    assertRefused(workflow::refresh, "refresh is not allowed while SWITCHING", "wait for the switch to finish");
    freeze.awaitEntered();
    assertRefused(workflow::refresh, "refresh is not allowed while SWITCHING");
    assertRefused(workflow::abandon, "abandon is not allowed while SWITCHING");
    assertRefused(() -> workflow.switchToProduction(SwitchRequest.now()), "switch is not allowed while SWITCHING");
    freeze.release();

    assertThat(PilotWorkflowTesting.result(workflow).phase()).isEqualTo(PilotPhase.SWITCHED);
  }

  /**
   * The switched workflow has completed, so the server itself refuses the update; the status query
   * still answers, which is how the CLI explains the refusal. (The validator's own SWITCHED message
   * is checked in PilotRequestRulesTest, for when issue 3 keeps the workflow open after the switch.)
   */
  @Test
  void refreshIsRefusedAfterTheSwitch() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    workflow.switchToProduction(SwitchRequest.now());
    assertThat(PilotWorkflowTesting.result(workflow).phase()).isEqualTo(PilotPhase.SWITCHED);

    assertThatThrownBy(workflow::refresh).isInstanceOf(WorkflowNotFoundException.class);
    assertThat(workflow.status().phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(activities.calls()).filteredOn("resyncDataTables"::equals).as("only the switch's final re-import").hasSize(1);
  }
}
