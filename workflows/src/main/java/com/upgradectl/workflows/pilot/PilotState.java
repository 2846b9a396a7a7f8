package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.TableCheck;
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
 */
public record PilotState(
    PreflightReport preflight,
    List<TableFingerprint> configurationBaseline,
    int refreshCount,
    List<String> configurationDrift,
    List<TableCheck> lastVerification,
    List<String> history,
    String lastFailure) {}
