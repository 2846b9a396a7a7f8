package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableProgress;
import java.time.Instant;
import java.util.List;

/**
 * The answer to the {@code status} query: what `upgradectl status` and `watch` show.
 *
 * @param step the step under way (e.g. "importing tables"), or null when waiting
 * @param progress per-table progress of the step under way
 * @param configurationDrift configuration tables production changed since the pilot was created
 * @param lastVerification per-table result of the last verification
 * @param history one line per completed step, oldest first
 * @param failure what failed and why, when phase is FAILED (or a switch was rolled back)
 * @param switchBackUntil while SWITCHED: until when a switch-back is possible (null when none is)
 * @param switchBackReport the rows written to the new production since the switch, once a
 *     switch-back has listed them
 */
public record PilotStatus(
    PilotPlan plan,
    PilotPhase phase,
    String step,
    Instant scheduledSwitchAt,
    int refreshCount,
    List<TableProgress> progress,
    List<String> configurationDrift,
    List<TableCheck> lastVerification,
    List<String> history,
    String failure,
    Instant switchBackUntil,
    SwitchBackReport switchBackReport) {

  /** A status without switch-back (the shape it had before switch-back existed). */
  public PilotStatus(PilotPlan plan, PilotPhase phase, String step, Instant scheduledSwitchAt, int refreshCount,
      List<TableProgress> progress, List<String> configurationDrift, List<TableCheck> lastVerification,
      List<String> history, String failure) {
    this(plan, phase, step, scheduledSwitchAt, refreshCount, progress, configurationDrift, lastVerification, history,
        failure, null, null);
  }
}
