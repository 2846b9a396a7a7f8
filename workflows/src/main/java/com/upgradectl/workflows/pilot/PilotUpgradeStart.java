package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.UpgradeSummary;
import com.upgradectl.workflows.common.PackageRef;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;

/**
 * How a client starts a pilot upgrade: the workflow id that makes it one per production database,
 * the task queue, the static summary and details the Temporal UI shows, and the search attributes
 * from the first moment (the workflow keeps them current).
 */
public final class PilotUpgradeStart {
  private PilotUpgradeStart() {}

  public static WorkflowOptions workflowOptions(PilotPlan plan) {
    PackageRef pkg = plan.upgradePackage();
    return WorkflowOptions.newBuilder()
        .setWorkflowId(PilotWorkflowIds.of(plan.serverProfile(), plan.productionDatabase()))
        .setTaskQueue(TaskQueues.UPGRADES)
        .setStaticSummary(UpgradeSummary.of("pilot upgrade", plan.serverProfile(), plan.productionDatabase(), pkg))
        .setMemo(UpgradeSummary.memo(plan.serverProfile(), plan.productionDatabase(), pkg))
        .setStaticDetails(staticDetails(plan))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(UpgradeSearchAttributes.SCENARIO, UpgradeSearchAttributes.PILOT)
            .set(UpgradeSearchAttributes.PHASE, PilotPhase.PREFLIGHT.name())
            .set(UpgradeSearchAttributes.PRODUCTION_DATABASE,
                UpgradeSearchAttributes.productionDatabase(plan.serverProfile(), plan.productionDatabase()))
            .set(UpgradeSearchAttributes.TARGET_VERSION, pkg.toVersion())
            .build())
        .build();
  }

  static String staticDetails(PilotPlan plan) {
    PackageRef pkg = plan.upgradePackage();
    return "| | |\n|---|---|\n"
        + "| Server profile | " + plan.serverProfile() + " |\n"
        + "| Production | " + plan.productionDatabase() + " |\n"
        + "| Pilot | " + plan.pilotDatabase() + " |\n"
        + "| Archive name at the switch | " + plan.archiveDatabase() + " |\n"
        + "| Package | " + pkg.name() + " " + pkg.fromVersion() + " → " + pkg.toVersion() + " |\n"
        + "| Package location | " + pkg.location() + " |\n"
        + "| Package digest | " + pkg.digest() + " |\n"
        + "| Tables copied at once | " + plan.parallelism() + " |\n";
  }
}
