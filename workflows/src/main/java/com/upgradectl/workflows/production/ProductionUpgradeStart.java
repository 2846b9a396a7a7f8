package com.upgradectl.workflows.production;

import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.UpgradeSummary;
import com.upgradectl.workflows.common.PackageRef;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;

/**
 * How a client starts a production upgrade: the workflow id that makes it one per production
 * database, the task queue, the summary and details the Temporal UI shows, and the search attributes
 * from the first moment (the workflow keeps the phase current).
 */
public final class ProductionUpgradeStart {
  private ProductionUpgradeStart() {}

  public static WorkflowOptions workflowOptions(ProductionPlan plan) {
    PackageRef pkg = plan.upgradePackage();
    return WorkflowOptions.newBuilder()
        .setWorkflowId(ProductionWorkflowIds.of(plan.serverProfile(), plan.productionDatabase()))
        .setTaskQueue(TaskQueues.UPGRADES)
        .setStaticSummary(UpgradeSummary.of("production upgrade", plan.serverProfile(), plan.productionDatabase(), pkg))
        .setMemo(UpgradeSummary.memo(plan.serverProfile(), plan.productionDatabase(), pkg))
        .setStaticDetails(staticDetails(plan))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(UpgradeSearchAttributes.SCENARIO, UpgradeSearchAttributes.PRODUCTION)
            .set(UpgradeSearchAttributes.PHASE, ProductionPhase.PREFLIGHT.name())
            .set(UpgradeSearchAttributes.PRODUCTION_DATABASE,
                UpgradeSearchAttributes.productionDatabase(plan.serverProfile(), plan.productionDatabase()))
            .set(UpgradeSearchAttributes.TARGET_VERSION, pkg.toVersion())
            .build())
        .build();
  }

  static String staticDetails(ProductionPlan plan) {
    PackageRef pkg = plan.upgradePackage();
    return "| | |\n|---|---|\n"
        + "| Server profile | " + plan.serverProfile() + " |\n"
        + "| Production | " + plan.productionDatabase() + " |\n"
        + "| Safety copy | " + plan.safetyCopyDatabase() + (plan.keepSafetyCopy() ? " (kept)" : " (dropped after"
            + " success)") + " |\n"
        + "| Package | " + pkg.name() + " " + pkg.fromVersion() + " → " + pkg.toVersion() + " |\n"
        + "| Package location | " + pkg.location() + " |\n"
        + "| Package digest | " + pkg.digest() + " |\n";
  }
}
