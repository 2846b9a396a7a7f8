package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotPhase.READY;
import static com.upgradectl.workflows.pilot.PilotPhase.REFRESHING;
import static com.upgradectl.workflows.pilot.PilotPhase.SWITCH_SCHEDULED;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which operator request each phase allows, and the reason given when it does not. The update
 * validators of {@link PilotUpgradeWorkflowImpl} throw these reasons back to the caller.
 */
final class PilotRequestRules {
  static final String REFRESH = "refresh";
  static final String SWITCH = "switch";
  static final String CANCEL_SWITCH = "cancel-switch";
  static final String ABANDON = "abandon";
  static final String SWITCH_BACK = "switch-back";
  static final String FORECAST = "switch --dry-run";

  private static final Set<PilotPhase> REFRESH_ALLOWED = EnumSet.of(READY);
  private static final Set<PilotPhase> SWITCH_ALLOWED = EnumSet.of(READY, SWITCH_SCHEDULED);
  private static final Set<PilotPhase> CANCEL_SWITCH_ALLOWED = EnumSet.of(SWITCH_SCHEDULED);
  private static final Set<PilotPhase> ABANDON_ALLOWED = EnumSet.of(READY, SWITCH_SCHEDULED);
  private static final Set<PilotPhase> FORECAST_ALLOWED = EnumSet.of(READY, REFRESHING, SWITCH_SCHEDULED);

  private PilotRequestRules() {}

  static void requireForecastAllowed(PilotPhase phase) {
    requireAllowed(FORECAST, phase, FORECAST_ALLOWED);
  }

  static void requireRefreshAllowed(PilotPhase phase) {
    requireAllowed(REFRESH, phase, REFRESH_ALLOWED);
  }

  static void requireSwitchAllowed(PilotPhase phase, SwitchRequest request, long nowMillis) {
    if (request == null) {
      throw new IllegalArgumentException("switch request is missing: send an empty request to switch now");
    }
    requireAllowed(SWITCH, phase, SWITCH_ALLOWED);
    if (request.at() != null && request.at().toEpochMilli() < nowMillis) {
      throw new IllegalArgumentException("switch time " + request.at() + " is in the past (now it is "
          + Instant.ofEpochMilli(nowMillis) + "): give a future time, or none to switch now");
    }
  }

  static void requireCancelSwitchAllowed(PilotPhase phase) {
    requireAllowed(CANCEL_SWITCH, phase, CANCEL_SWITCH_ALLOWED);
  }

  static void requireAbandonAllowed(PilotPhase phase) {
    requireAllowed(ABANDON, phase, ABANDON_ALLOWED);
  }

  /**
   * Switch-back: only once switched, and only until the grace period set at start ends.
   *
   * @param until the end of the grace period, null when none was set
   */
  static void requireSwitchBackAllowed(PilotPhase phase, Instant until, long nowMillis) {
    switch (phase) {
      case PREFLIGHT, CREATING, READY, REFRESHING, SWITCH_SCHEDULED -> throw new IllegalStateException(
          SWITCH_BACK + " is not allowed while " + phase + ": the pilot has not been switched to production;"
              + " production is still the original database, nothing to switch back");
      case SWITCHING -> throw new IllegalStateException(SWITCH_BACK + " is not allowed while " + phase
          + ": wait for the switch to finish");
      case SWITCHING_BACK -> throw new IllegalStateException(SWITCH_BACK + " is not allowed while " + phase
          + ": a switch-back is under way already");
      case SWITCHED -> {
        if (until == null) {
          throw new IllegalStateException(SWITCH_BACK + " is not allowed: no switch-back grace period was set when"
              + " this upgrade started (pilot start --switch-back-grace); the archive is kept, restore it by hand");
        }
        if (nowMillis >= until.toEpochMilli()) {
          throw new IllegalStateException(SWITCH_BACK + " is not allowed: the switch-back period ended at " + until
              + " (now it is " + Instant.ofEpochMilli(nowMillis) + ")");
        }
      }
      default -> requireAllowed(SWITCH_BACK, phase, EnumSet.noneOf(PilotPhase.class));
    }
  }

  private static void requireAllowed(String request, PilotPhase phase, Set<PilotPhase> allowed) {
    if (!allowed.contains(phase)) {
      throw new IllegalStateException(request + " is not allowed while " + phase + ": " + advice(request, phase));
    }
  }

  private static String advice(String request, PilotPhase phase) {
    return switch (phase) {
      case PREFLIGHT, CREATING -> "wait until the pilot is created (phase READY)";
      case READY -> "no switch is scheduled";
      case REFRESHING -> "wait for the refresh to finish";
      case SWITCH_SCHEDULED -> "a switch is scheduled; cancel it first (" + CANCEL_SWITCH + ")";
      case SWITCHING -> "wait for the switch to finish";
      case SWITCHING_BACK -> "a switch-back is under way; production is being restored from the archive";
      case SWITCHED -> "the pilot is production now; nothing is left to " + request;
      case SWITCHED_BACK -> "the switch was undone; start a new upgrade";
      case FAILED -> "the upgrade failed; see its status for what failed";
      case ABANDONED -> "the upgrade was abandoned";
    };
  }
}
