package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.StepTiming;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.StepProgress;
import com.upgradectl.workflows.common.TableRefresh;
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
 * @param lastRefresh per data-record table, how the last refresh brought it up to production (by key, or
 *     whole and why)
 * @param forecast the last switch forecast (pending changes, expected freeze), if one was made
 * @param freezeMillis after a switch: how long production was frozen, from the freeze until the pilot
 *     answered under production's name
 * @param timing while a step runs: since when, its activity's sub-step, and the times of its progress
 *     reports (elapsed, rate, time left); null between steps
 * @param atRest what the pilot holds, for the screens that show it at rest (imported and refreshed
 *     when, rows, warnings); null before the pilot is created
 * @param stepProgress what the step under way is doing (copying, verifying...) and since when; null between steps
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
    SwitchBackReport switchBackReport,
    List<TableRefresh> lastRefresh,
    SwitchForecast forecast,
    Long freezeMillis,
    StepTiming timing,
    PilotFacts atRest,
    StepProgress stepProgress) {
  public PilotStatus {
    lastRefresh = lastRefresh == null ? List.of() : List.copyOf(lastRefresh);
  }

  /** A status without the step's timing, stage and the facts at rest (the shape it had before they existed). */
  public PilotStatus(PilotPlan plan, PilotPhase phase, String step, Instant scheduledSwitchAt, int refreshCount,
      List<TableProgress> progress, List<String> configurationDrift, List<TableCheck> lastVerification,
      List<String> history, String failure, Instant switchBackUntil, SwitchBackReport switchBackReport,
      List<TableRefresh> lastRefresh, SwitchForecast forecast, Long freezeMillis) {
    this(plan, phase, step, scheduledSwitchAt, refreshCount, progress, configurationDrift, lastVerification, history,
        failure, switchBackUntil, switchBackReport, lastRefresh, forecast, freezeMillis, null, null, null);
  }

  /** A status without the incremental switch's fields (the shape it had before they existed). */
  public PilotStatus(PilotPlan plan, PilotPhase phase, String step, Instant scheduledSwitchAt, int refreshCount,
      List<TableProgress> progress, List<String> configurationDrift, List<TableCheck> lastVerification,
      List<String> history, String failure, Instant switchBackUntil, SwitchBackReport switchBackReport) {
    this(plan, phase, step, scheduledSwitchAt, refreshCount, progress, configurationDrift, lastVerification, history,
        failure, switchBackUntil, switchBackReport, List.of(), null, null);
  }


  /** A status without switch-back (the shape it had before switch-back existed). */
  public PilotStatus(PilotPlan plan, PilotPhase phase, String step, Instant scheduledSwitchAt, int refreshCount,
      List<TableProgress> progress, List<String> configurationDrift, List<TableCheck> lastVerification,
      List<String> history, String failure) {
    this(plan, phase, step, scheduledSwitchAt, refreshCount, progress, configurationDrift, lastVerification, history,
        failure, null, null);
  }
}
