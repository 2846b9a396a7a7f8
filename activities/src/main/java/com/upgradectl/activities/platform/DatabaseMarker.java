package com.upgradectl.activities.platform;

import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import java.util.Optional;

/**
 * The label a database we created carries (PostgreSQL: its comment), so that a retry recognises
 * its own half-done work and nothing else is ever dropped.
 */
public record DatabaseMarker(String text) {
  private static final String PREFIX = "upgradectl:";

  /**
   * The pilot of one upgrade. The workflow id is derived from the plan, not read from the activity
   * context, so it stays the same across continue-as-new and outside an activity.
   */
  public static DatabaseMarker pilotOf(PilotPlan plan) {
    return new DatabaseMarker(PREFIX + "pilot-of=" + plan.productionDatabase() + ";workflow="
        + PilotWorkflowIds.of(plan.serverProfile(), plan.productionDatabase()));
  }

  /** The safety copy of one production upgrade: production as it was before the migrations. */
  public static DatabaseMarker safetyCopyOf(ProductionPlan plan) {
    return new DatabaseMarker(PREFIX + "safety-copy-of=" + plan.productionDatabase() + ";workflow="
        + ProductionWorkflowIds.of(plan.serverProfile(), plan.productionDatabase()));
  }

  /** A throw-away database of preflight, dropped before preflight returns. */
  public static DatabaseMarker preflightScratch() {
    return new DatabaseMarker(PREFIX + "preflight-scratch");
  }

  /** Whether a database's current label is this marker. */
  public boolean isOn(Optional<String> label) {
    return label.filter(text::equals).isPresent();
  }
}
