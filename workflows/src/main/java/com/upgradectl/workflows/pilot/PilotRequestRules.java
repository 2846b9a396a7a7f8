package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotPhase.READY;
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

  private static final Set<PilotPhase> REFRESH_ALLOWED = EnumSet.of(READY);
  private static final Set<PilotPhase> SWITCH_ALLOWED = EnumSet.of(READY, SWITCH_SCHEDULED);
  private static final Set<PilotPhase> CANCEL_SWITCH_ALLOWED = EnumSet.of(SWITCH_SCHEDULED);
  private static final Set<PilotPhase> ABANDON_ALLOWED = EnumSet.of(READY, SWITCH_SCHEDULED);

  private PilotRequestRules() {}

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
      case SWITCHED -> "the pilot is production now; nothing is left to " + request;
      case SWITCHED_BACK -> "the switch was undone; start a new upgrade";
      case FAILED -> "the upgrade failed; see its status for what failed";
      case ABANDONED -> "the upgrade was abandoned";
    };
  }
}
