package com.upgradectl.workflows.pilot;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.Map;

/**
 * What a pilot upgrade reports to the worker's metrics while it runs, through the SDK's replay-safe
 * workflow scope (a replayed history reports nothing twice): its phase, and whether production is
 * frozen, since when and for how long it was forecast to be, so an alert can fire when a freeze
 * outlasts its forecast. Every meter carries the upgrade's workflow id as "upgrade".
 */
final class UpgradeMetrics {
  static final String PHASE = "upgradectl_upgrade_phase";
  static final String FROZEN = "upgradectl_switch_frozen";
  static final String FROZEN_SINCE = "upgradectl_switch_frozen_since_seconds";
  static final String FREEZE_FORECAST = "upgradectl_switch_freeze_forecast_seconds";
  static final String FREEZE = "upgradectl_switch_freeze";

  /** One series per phase: 1 for the phase entered, 0 for the one left. */
  void phase(PilotPhase left, PilotPhase entered) {
    if (left != null && left != entered) {
      scope(Map.of("phase", left.name())).gauge(PHASE).update(0);
    }
    scope(Map.of("phase", entered.name())).gauge(PHASE).update(1);
  }

  /** Production was frozen at that time; the forecast is null when none was made. */
  void frozen(long atMillis, Long forecastMillis) {
    Scope scope = scope(Map.of());
    scope.gauge(FROZEN).update(1);
    scope.gauge(FROZEN_SINCE).update(atMillis / 1000.0);
    scope.gauge(FREEZE_FORECAST).update(forecastMillis == null ? 0 : forecastMillis / 1000.0);
  }

  /** Production answers again: as the new production (the freeze lasted that long), or rolled back (null). */
  void thawed(Long freezeMillis) {
    scope(Map.of()).gauge(FROZEN).update(0);
    if (freezeMillis != null) {
      scope(Map.of()).timer(FREEZE).record(com.uber.m3.util.Duration.ofMillis(freezeMillis));
    }
  }

  private Scope scope(Map<String, String> tags) {
    Map<String, String> all = new HashMap<>(tags);
    all.put("upgrade", Workflow.getInfo().getWorkflowId());
    return Workflow.getMetricsScope().tagged(all);
  }
}
