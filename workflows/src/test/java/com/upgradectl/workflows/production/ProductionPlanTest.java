package com.upgradectl.workflows.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.common.PackageRef;
import io.temporal.client.WorkflowOptions;
import org.junit.jupiter.api.Test;

class ProductionPlanTest {
  private static final PackageRef PACKAGE = new PackageRef("/p", "sha256:1", "servicedesk", "1", "2");

  @Test
  void theSafetyCopyIsNamedAfterProductionAndTheVersionItHolds() {
    ProductionPlan plan = ProductionPlan.withDefaults("local", "servicedesk", null, PACKAGE, false).validated();

    assertThat(plan.safetyCopyDatabase()).isEqualTo("servicedesk_v1_safety");
    assertThat(ProductionPlan.withDefaults("local", "servicedesk", "before_upgrade", PACKAGE, true).safetyCopyDatabase())
        .isEqualTo("before_upgrade");
  }

  @Test
  void namesThatCannotWorkAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> ProductionPlan.withDefaults("local", "desk;drop", null, PACKAGE, false).validated())
        .hasMessageStartingWith("production database name 'desk;drop' contains ';' at position 5");
    assertThatThrownBy(() -> ProductionPlan.withDefaults("local", "desk", "DESK", PACKAGE, false).validated())
        .hasMessage("safety copy database name must differ from the production database name");
    assertThatThrownBy(() -> ProductionPlan.withDefaults(" ", "desk", null, PACKAGE, false).validated())
        .hasMessage("server profile is missing");
    assertThatThrownBy(() -> ProductionPlan.withDefaults("local", "desk", null, null, false).validated())
        .hasMessage("upgrade package is missing");
  }

  @Test
  void oneProductionUpgradePerDatabaseOnTheUpgradesQueue() {
    WorkflowOptions options = ProductionUpgradeStart.workflowOptions(
        ProductionPlan.withDefaults("local", "servicedesk", null, PACKAGE, false));

    assertThat(options.getWorkflowId()).isEqualTo("production-upgrade/local/servicedesk");
    assertThat(options.getTaskQueue()).isEqualTo(TaskQueues.UPGRADES);
    assertThat(options.getTypedSearchAttributes().size()).isEqualTo(4);
  }
}
