package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Follows an upgrade by polling its status until the work under way ends: a busy phase (creating,
 * refreshing, a scheduled or running switch) is followed until the upgrade rests again; a resting
 * one (READY) is watched until something happens and that ends; a final one returns at once.
 */
final class UpgradeFollower {
  static final Set<PilotPhase> BUSY =
      EnumSet.of(PilotPhase.PREFLIGHT, PilotPhase.CREATING, PilotPhase.REFRESHING, PilotPhase.SWITCH_SCHEDULED,
          PilotPhase.SWITCHING, PilotPhase.SWITCHING_BACK);

  private final Supplier<PilotStatus> status;
  private final Duration interval;

  UpgradeFollower(Supplier<PilotStatus> status, Duration interval) {
    this.status = status;
    this.interval = interval;
  }

  /** What following ended with: the last status, and whether something failed on the way. */
  record Outcome(PilotStatus first, PilotStatus last) {
    boolean failed() {
      if (last.phase() == PilotPhase.FAILED) {
        return true;
      }
      // a switch that was rolled back leaves the pilot READY with the failure recorded
      return last.failure() != null && !Objects.equals(last.failure(), first.failure());
    }
  }

  Outcome follow(ProgressView view) throws InterruptedException {
    PilotStatus first = status.get();
    view.show(first);
    PilotStatus current = first;
    boolean sawWork = BUSY.contains(first.phase());
    while (!current.phase().isFinal()) {
      Thread.sleep(interval.toMillis());
      current = status.get();
      view.show(current);
      if (BUSY.contains(current.phase())) {
        sawWork = true;
      } else if (sawWork || historyGrew(first, current)) {
        break; // resting again after work (a quick step may have begun and ended between two polls)
      }
    }
    return new Outcome(first, current);
  }

  private static boolean historyGrew(PilotStatus first, PilotStatus current) {
    return StatusText.nullToEmpty(current.history()).size() > StatusText.nullToEmpty(first.history()).size()
        || current.phase() != first.phase();
  }
}
