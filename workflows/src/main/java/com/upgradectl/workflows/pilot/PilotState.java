package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableRefresh;
import com.upgradectl.workflows.common.TableFingerprint;
import java.util.List;

/**
 * What a pilot upgrade waiting in READY carries into its next run when it continues as new: the
 * pilot exists, so the next run goes straight back to READY with this state.
 *
 * @param preflight what preflight found (table lists, used in activity summaries)
 * @param configurationBaseline production's configuration tables when the pilot was created: drift is measured against it
 * @param history the most recent history lines
 * @param lastFailure the failure of the last request, if it failed
 * @param changeCapture whether production's writes are captured, so refreshes and the switch go by key
 * @param refreshMeasures the most recent refreshes' timings, for the switch forecast
 * @param importRowsPerMilli the import's rate, for tables that can only be copied whole
 * @param lastRefresh how the last refresh brought each data table up to production
 * @param facts what the pilot holds, for the screens at rest (null from runs before it existed)
 */
public record PilotState(
    PreflightReport preflight,
    List<TableFingerprint> configurationBaseline,
    int refreshCount,
    List<String> configurationDrift,
    List<TableCheck> lastVerification,
    List<String> history,
    String lastFailure,
    boolean changeCapture,
    List<RefreshMeasure> refreshMeasures,
    double importRowsPerMilli,
    List<TableRefresh> lastRefresh,
    PilotFacts facts) {

  public PilotState {
    refreshMeasures = refreshMeasures == null ? List.of() : List.copyOf(refreshMeasures);
    lastRefresh = lastRefresh == null ? List.of() : List.copyOf(lastRefresh);
  }
}
