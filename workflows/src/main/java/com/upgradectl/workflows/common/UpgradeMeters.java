package com.upgradectl.workflows.common;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The meters an upgrade workflow reports through the SDK's replay-safe workflow scope (a replayed
 * history reports nothing twice; times are the workflow's own clock). Every meter carries, besides
 * the SDK's namespace, task_queue and workflow_type, the upgrade it belongs to: {@code upgrade} (the
 * workflow id), {@code profile} and {@code database} (the production database).
 *
 * <p>The worker's reporter adds, for every upgrade it first sees, the failure and mismatch counters
 * at zero (tally reports no counter that is still zero) and the age of a freeze under way.
 */
public final class UpgradeMeters {
  public static final String PHASE = "upgradectl_upgrade_phase";
  public static final String STEP = "upgradectl_upgrade_step";
  public static final String LAST_SUCCESS = "upgradectl_upgrade_last_success_timestamp_seconds";
  public static final String FAILURES = "upgradectl_upgrade_failures";
  public static final String MISMATCHES = "upgradectl_verification_mismatches";
  public static final String FROZEN = "upgradectl_switch_frozen";
  public static final String FROZEN_SINCE = "upgradectl_switch_frozen_since_seconds";
  public static final String FREEZE_FORECAST = "upgradectl_switch_freeze_forecast_seconds";
  public static final String FREEZE = "upgradectl_switch_freeze";
  /** The steps whose failures a pilot upgrade counts, by the value of the {@code step} label. */
  public static final List<String> PILOT_FAILURE_STEPS = List.of("preflight", "create", "refresh", "switch",
      "switch_back");
  /** The steps whose failures a production upgrade counts. */
  public static final List<String> PRODUCTION_FAILURE_STEPS = List.of("preflight", "upgrade", "restore");
  /** The label value of a profile or database not known (yet). */
  public static final String NONE = "none";

  private final Supplier<String> profile;
  private final Supplier<String> database;

  /** The suppliers are asked at every report: the plan is known only once the workflow method runs. */
  public UpgradeMeters(Supplier<String> profile, Supplier<String> database) {
    this.profile = profile;
    this.database = database;
  }

  /** One series per phase: 1 for the phase entered, 0 for the one left. */
  public void phase(String left, String entered) {
    if (left != null && !left.equals(entered)) {
      scope(Map.of("phase", left)).gauge(PHASE).update(0);
    }
    scope(Map.of("phase", entered)).gauge(PHASE).update(1);
  }

  /** A step took that long, successful or not. */
  public void step(String step, long millis) {
    scope(Map.of("step", step)).timer(STEP).record(com.uber.m3.util.Duration.ofMillis(Math.max(0, millis)));
  }

  /** A step succeeded now. */
  public void succeeded(String step) {
    scope(Map.of("step", step)).gauge(LAST_SUCCESS).update(Workflow.currentTimeMillis() / 1000.0);
  }

  public void failed(String step) {
    scope(Map.of("step", step)).counter(FAILURES).inc(1);
  }

  /** Tables whose rows or checksums did not match production's, counted per verification. */
  public void mismatches(List<TableCheck> checks) {
    long mismatched = checks == null ? 0 : checks.stream().filter(c -> !c.matches()).count();
    if (mismatched > 0) {
      scope(Map.of()).counter(MISMATCHES).inc(mismatched);
    }
  }

  /** Production was frozen at that time; the forecast is null when none was made. */
  public void frozen(long atMillis, Long forecastMillis) {
    Scope scope = scope(Map.of());
    scope.gauge(FROZEN).update(1);
    scope.gauge(FROZEN_SINCE).update(atMillis / 1000.0);
    scope.gauge(FREEZE_FORECAST).update(forecastMillis == null ? 0 : forecastMillis / 1000.0);
  }

  /** Production answers again: as the new production (the freeze lasted that long), or rolled back (null). */
  public void thawed(Long freezeMillis) {
    scope(Map.of()).gauge(FROZEN).update(0);
    if (freezeMillis != null) {
      scope(Map.of()).timer(FREEZE).record(com.uber.m3.util.Duration.ofMillis(freezeMillis));
      step("freeze", freezeMillis);
    }
  }

  private Scope scope(Map<String, String> tags) {
    Map<String, String> all = new HashMap<>(tags);
    all.put("upgrade", Workflow.getInfo().getWorkflowId());
    all.put("profile", orNone(profile.get()));
    all.put("database", orNone(database.get()));
    return Workflow.getMetricsScope().tagged(all);
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? NONE : value;
  }
}
