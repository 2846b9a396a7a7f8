package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.UpgradeMeters;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a pilot upgrade reports to the worker's metrics ({@link UpgradeMeters}), all of it read off
 * its phase changes and its status: the phase, each step's duration (preflight, create, refresh,
 * switch, switch_back: the time spent in the phase; import: the import's own time; freeze: from
 * the switch), the last success and the failures of each step (a switch refused or rolled back
 * counts as a failure of the switch: it did not happen), the tables a verification found different,
 * and whether production is frozen, since when and for how long it was forecast to be.
 */
final class UpgradeMetrics {
  static final String PHASE = UpgradeMeters.PHASE;
  static final String FROZEN = UpgradeMeters.FROZEN;
  static final String FROZEN_SINCE = UpgradeMeters.FROZEN_SINCE;
  static final String FREEZE_FORECAST = UpgradeMeters.FREEZE_FORECAST;
  static final String FREEZE = UpgradeMeters.FREEZE;

  /** The phases that are a step of their own, by the step's label. */
  private static final Map<PilotPhase, String> STEPS = Map.of(PilotPhase.PREFLIGHT, "preflight",
      PilotPhase.CREATING, "create", PilotPhase.REFRESHING, "refresh", PilotPhase.SWITCHING, "switch",
      PilotPhase.SWITCHING_BACK, "switch_back");

  private final Supplier<PilotStatus> status;
  private final Supplier<PilotPlan> plan;
  private final UpgradeMeters meters;
  private Long phaseEnteredAt;
  private List<TableCheck> verificationCounted;

  /**
   * @param plan the upgrade's plan (null until the workflow method has it)
   * @param status the workflow's status, read at each phase change
   */
  UpgradeMetrics(Supplier<PilotPlan> plan, Supplier<PilotStatus> status) {
    this.plan = plan;
    this.status = status;
    this.meters = new UpgradeMeters(() -> plan.get() == null ? null : plan.get().serverProfile(),
        () -> plan.get() == null ? null : plan.get().productionDatabase());
  }

  /** The run starts in {@code phase}: the upgrade shows in the metrics (and its counters at zero) from now on. */
  void started(PilotPhase phase) {
    phaseEnteredAt = Workflow.currentTimeMillis();
    meters.phase(null, phase.name());
  }

  /** Called as the workflow leaves {@code left} for {@code entered}, before its status shows the new phase. */
  void phase(PilotPhase left, PilotPhase entered) {
    long now = Workflow.currentTimeMillis();
    // a run continued as new starts in PREFLIGHT and resumes READY at once: no preflight ran
    boolean resumed = left == PilotPhase.PREFLIGHT && entered == PilotPhase.READY;
    String step = STEPS.get(left);
    if (step != null && left != entered && !resumed) {
      long since = phaseEnteredAt != null ? phaseEnteredAt : Workflow.getInfo().getRunStartedTimestampMillis();
      meters.step(step, now - since);
      PilotStatus current = status.get();
      boolean succeeded = switch (left) {
        case PREFLIGHT -> entered == PilotPhase.CREATING;
        case CREATING, REFRESHING -> entered == PilotPhase.READY && current.failure() == null;
        case SWITCHING -> entered == PilotPhase.SWITCHED;
        case SWITCHING_BACK -> entered == PilotPhase.SWITCHED_BACK;
        default -> false;
      };
      if (succeeded) {
        meters.succeeded(step);
      } else {
        meters.failed(step);
      }
      countMismatches(current.lastVerification());
    }
    phaseEnteredAt = now;
    meters.phase(left == null ? null : left.name(), entered.name());
  }

  /** The import's own time, from the activity's result. */
  void imported(long millis) {
    meters.step("import", millis);
    meters.succeeded("import");
  }

  /** Production was frozen at that time; the forecast is null when none was made. */
  void frozen(long atMillis, Long forecastMillis) {
    meters.frozen(atMillis, forecastMillis);
  }

  /** Production answers again: as the new production (the freeze lasted that long), or rolled back (null). */
  void thawed(Long freezeMillis) {
    meters.thawed(freezeMillis);
  }

  /**
   * Each verification once: the workflow keeps the last one in its status across later steps, and
   * replaces the list (never changes it) when a new one is made, so identity tells them apart.
   */
  private void countMismatches(List<TableCheck> verification) {
    if (verification != null && verification != verificationCounted) {
      verificationCounted = verification;
      meters.mismatches(verification);
    }
  }
}
