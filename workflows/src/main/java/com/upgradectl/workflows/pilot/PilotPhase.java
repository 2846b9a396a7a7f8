package com.upgradectl.workflows.pilot;

/** Where a pilot upgrade stands; also the value of the UpgradePhase search attribute. */
public enum PilotPhase {
  PREFLIGHT,
  CREATING,
  READY,
  REFRESHING,
  SWITCH_SCHEDULED,
  SWITCHING,
  SWITCHED,
  /** The archive is being made production again (only within the switch-back grace period). */
  SWITCHING_BACK,
  SWITCHED_BACK,
  FAILED,
  ABANDONED;

  public boolean isFinal() {
    return this == SWITCHED || this == SWITCHED_BACK || this == FAILED || this == ABANDONED;
  }
}
