package com.upgradectl.workflows.preflight;

import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.production.ProductionPlan;

/** Exactly one of the two plans: the upgrade whose preflight is asked for. */
public record PreflightRequest(PilotPlan pilot, ProductionPlan production) {
  public static PreflightRequest of(PilotPlan plan) {
    return new PreflightRequest(plan, null);
  }

  public static PreflightRequest of(ProductionPlan plan) {
    return new PreflightRequest(null, plan);
  }
}
