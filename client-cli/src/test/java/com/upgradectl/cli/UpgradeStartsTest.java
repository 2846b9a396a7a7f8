package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One upgrade per production database at a time, across scenarios. No worker runs here: a started
 * workflow simply stays RUNNING, which is all the rule looks at.
 */
class UpgradeStartsTest {
  private static final PackageRef PACKAGE = new PackageRef("/packages/servicedesk", "00", "servicedesk", "1", "2");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder();
    UpgradeSearchAttributes.definitions().forEach(options::registerSearchAttribute);
    env = TestWorkflowEnvironment.newInstance(options.build());
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aProductionUpgradeIsRefusedWhileAPilotUpgradeOfTheSameDatabaseRuns() {
    running(PilotWorkflowIds.of("prod", "servicedesk"));

    assertThatThrownBy(() -> ProductionStarter.start(client, productionPlan("servicedesk")))
        .isInstanceOfSatisfying(CommandFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.REFUSED))
        .hasMessageContaining("already running: pilot-upgrade/prod/servicedesk");
  }

  @Test
  void aPilotUpgradeIsRefusedWhileAProductionUpgradeOfTheSameDatabaseRuns() {
    running(ProductionWorkflowIds.of("prod", "servicedesk"));

    assertThatThrownBy(() -> PilotStarter.start(client,
        PilotPlan.withDefaults("prod", "servicedesk", null, null, PACKAGE, 2)))
        .isInstanceOfSatisfying(CommandFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.REFUSED))
        .hasMessageContaining("already running: production-upgrade/prod/servicedesk");
  }

  @Test
  void anotherDatabaseIsNotHeldUp() {
    running(PilotWorkflowIds.of("prod", "servicedesk"));

    String id = ProductionStarter.start(client, productionPlan("inventory"));

    assertThat(id).isEqualTo("production-upgrade/prod/inventory");
  }

  private void running(String workflowId) {
    WorkflowStub stub = client.newUntypedWorkflowStub("AnyUpgrade",
        WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(TaskQueues.UPGRADES).build());
    stub.start();
  }

  private static ProductionPlan productionPlan(String database) {
    return ProductionPlan.withDefaults("prod", database, null, PACKAGE, false).validated();
  }
}
