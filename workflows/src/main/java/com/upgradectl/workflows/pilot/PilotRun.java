package com.upgradectl.workflows.pilot;

/**
 * The input of {@link PilotUpgradeWorkflow#run}: the plan, and the state a previous run of the same
 * upgrade carried over when it continued as new (null when the upgrade starts).
 */
public record PilotRun(PilotPlan plan, PilotState resumed) {
  // No derived accessors here: Jackson would serialize an isX() next to the components.

  /** A new upgrade: the pilot is created first. */
  public static PilotRun start(PilotPlan plan) {
    return new PilotRun(plan, null);
  }
}
