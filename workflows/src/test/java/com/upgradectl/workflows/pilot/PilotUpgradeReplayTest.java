package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitStatus;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.workflows.common.StepOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories with the current code: a change that would make running pilots (they
 * live for weeks, across worker upgrades) take a different path fails here instead of in production.
 * The histories under src/test/resources/histories were recorded from earlier versions; record the
 * current one with {@code -Dupgradectl.recordHistories=src/test/resources/histories} (run in workflows/).
 */
class PilotUpgradeReplayTest {
  /** The first version's shape: every refresh and the switch re-imported all rows. */
  static final String FULL_RUN = "pilot-full-run.json";
  /** The shape since change capture: refreshes and the frozen resync apply the changed keys. */
  static final String CHANGE_CAPTURE_RUN = "pilot-change-capture-run.json";
  /** The shape since a switch requested now checks the guardrails before it is accepted (one refused here). */
  static final String GUARDRAILS_ON_REQUEST_RUN = "pilot-guardrails-on-request-run.json";

  @Test
  void aFullRunWithRefreshRollbackRescheduleAndSwitchReplays() throws Exception {
    WorkflowExecutionHistory history = recordFullRun();

    WorkflowReplayer.replayWorkflowExecution(history, PilotUpgradeWorkflowImpl.class);
  }

  @Test
  void aRunThatFailedWhileCreatingReplays() throws Exception {
    try (PilotWorkflowTesting testing = new PilotWorkflowTesting()) {
      testing.activities.failAt("createPilotDatabase " + PilotWorkflowTesting.PILOT);
      PilotUpgradeWorkflow workflow = testing.start();
      assertThatThrownBy(() -> result(workflow)).isNotNull();

      WorkflowReplayer.replayWorkflowExecution(
          testing.env.getWorkflowExecutionHistory(testing.execution(workflow)), PilotUpgradeWorkflowImpl.class);
    }
  }

  @Test
  void theRecordedHistoryOfTheFirstVersionStillReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + FULL_RUN, PilotUpgradeWorkflowImpl.class);
  }

  @Test
  void theRecordedHistoryOfTheChangeCaptureVersionStillReplays() throws Exception {
    assertThat(resource(CHANGE_CAPTURE_RUN)).as("the recorded run captured changes").contains("StartChangeCapture",
        "ResyncWhileFrozen");
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + CHANGE_CAPTURE_RUN,
        PilotUpgradeWorkflowImpl.class);
  }

  @Test
  void theRecordedHistoryOfTheGuardrailsOnRequestVersionStillReplays() throws Exception {
    assertThat(resource(GUARDRAILS_ON_REQUEST_RUN)).as("the recorded run had a switch refused on request")
        .contains("EVENT_TYPE_MARKER_RECORDED", "EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED", "refused by the guardrails");
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + GUARDRAILS_ON_REQUEST_RUN,
        PilotUpgradeWorkflowImpl.class);
  }

  /** The replay has teeth: a workflow that skips a step fails against the same history. */
  @Test
  void replayCatchesAWorkflowThatTakesAnotherPath() throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(resource(FULL_RUN));

    // A replay environment whose query timeout is short: a failed replay shows as a failed query.
    try (TestWorkflowEnvironment replaying = TestWorkflowEnvironment.newInstance(PilotWorkflowTesting.environmentOptions())) {
      assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, replaying, SkipsTheImport.class))
          .hasStackTraceContaining("NonDeterministicException");
    }
  }

  /** Creates the pilot database and then stops, where the recorded run imported the tables. */
  public static class SkipsTheImport extends PilotUpgradeWorkflowImpl {
    @Override
    public PilotStatus run(PilotRun run) {
      PilotDatabaseActivities database = io.temporal.workflow.Workflow.newActivityStub(
          PilotDatabaseActivities.class, StepOptions.ADMIN);
      database.preflight(run.plan());
      database.createPilotDatabase(run.plan());
      return status();
    }
  }

  private static String resource(String name) throws IOException {
    try (var in = PilotUpgradeReplayTest.class.getClassLoader().getResourceAsStream("histories/" + name)) {
      assertThat(in).as("resource histories/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static WorkflowExecutionHistory recordFullRun() throws IOException {
    try (PilotWorkflowTesting testing = new PilotWorkflowTesting()) {
      FakeUpgradeActivities activities = testing.activities;
      PilotUpgradeWorkflow workflow = testing.startReady();

      activities.changeProductionConfiguration("settings");
      workflow.refresh();
      awaitStatus(workflow, s -> s.refreshCount() == 1, "the refresh");
      activities.refuseSwitch("archive name is taken");
      assertThatThrownBy(() -> workflow.switchToProduction(SwitchRequest.now())).hasStackTraceContaining("refused");
      activities.refuseSwitch();
      activities.failAt("takeOffline " + PilotWorkflowTesting.ARCHIVE);
      workflow.switchToProduction(SwitchRequest.now());
      awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null, "the rollback");
      activities.stopFailing();
      workflow.switchToProduction(new SwitchRequest(testing.now().plus(Duration.ofHours(1))));
      workflow.switchToProduction(new SwitchRequest(testing.now().plus(Duration.ofHours(2))));
      assertThat(result(workflow).phase()).isEqualTo(PilotPhase.SWITCHED);

      WorkflowExecutionHistory history = testing.env.getWorkflowExecutionHistory(testing.execution(workflow));
      String recordTo = System.getProperty("upgradectl.recordHistories");
      if (recordTo != null) {
        Files.writeString(Path.of(recordTo, GUARDRAILS_ON_REQUEST_RUN), history.toJson(true), StandardCharsets.UTF_8);
      }
      return history;
    }
  }
}
