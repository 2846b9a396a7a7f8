package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pilot kept for weeks sees many refreshes: its history is cut by continue-as-new, its state is not. */
class PilotContinueAsNewTest {
  private static final String WORKFLOW_ID = "pilot-upgrade/local/servicedesk";

  /** Few enough events that creating the pilot already passes the limit, and every refresh or two after. */
  private final PilotWorkflowTesting testing = new PilotWorkflowTesting(() -> new PilotUpgradeWorkflowImpl(40));
  private final FakeUpgradeActivities activities = testing.activities;

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void theStateIsCarriedIntoTheNextRun() {
    PilotUpgradeWorkflow started = testing.start();
    String firstRunId = testing.execution(started).getRunId();
    PilotUpgradeWorkflow workflow = testing.client.newWorkflowStub(PilotUpgradeWorkflow.class, WORKFLOW_ID);
    awaitStatus(workflow, s -> s.phase() == PilotPhase.READY, "READY");
    activities.changeProductionConfiguration("settings");

    for (int refresh = 1; refresh <= 4; refresh++) {
      int expected = refresh;
      awaitStatus(workflow, s -> s.phase() == PilotPhase.READY, "READY before refresh " + refresh);
      workflow.refresh();
      awaitStatus(workflow, s -> s.refreshCount() == expected && s.phase() == PilotPhase.READY, "refresh " + refresh);
    }

    PilotStatus status = workflow.status();
    assertThat(status.refreshCount()).isEqualTo(4);
    assertThat(status.configurationDrift()).as("drift is still measured against the first baseline").containsExactly("settings");
    assertThat(String.join("\n", status.history())).contains("imported 6 tables", "continuing as a new run", "refresh #4 done");
    assertThat(activities.calls()).filteredOn("preflight"::equals).as("the pilot is created once").hasSize(1);
    WorkflowStub firstRun = testing.client.newUntypedWorkflowStub(WORKFLOW_ID, Optional.of(firstRunId), Optional.empty());
    assertThat(firstRun.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW);

    workflow.switchToProduction(SwitchRequest.now());
    assertThat(testing.client.newUntypedWorkflowStub(WORKFLOW_ID).getResult(PilotStatus.class).phase())
        .isEqualTo(PilotPhase.SWITCHED);
  }
}
