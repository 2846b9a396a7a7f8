package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.ProgressReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-running workflow per production database: creates the pilot at start, then serves the
 * operator's requests until the switch (or abandon). Id: {@link PilotWorkflowIds#of}.
 *
 * <p>Updates return as soon as the request is accepted; the work itself runs in the workflow's
 * main loop, so `status`/`watch` follow it. Validators refuse, with the reason, what the current
 * phase does not allow.
 */
@WorkflowInterface
public interface PilotUpgradeWorkflow {

  /**
   * Runs the upgrade until it is switched (and its switch-back grace period, if any, is over),
   * switched back or abandoned; start it with {@link PilotRun#start}. Fails
   * (non-retryable ApplicationFailure, type from {@link com.upgradectl.workflows.common.FailureTypes})
   * when the plan is bad, when creating the pilot fails, or when a failed switch could not be undone.
   */
  @WorkflowMethod
  PilotStatus run(PilotRun run);

  /** Re-import the data records from production; the pilot's configuration is kept. */
  @UpdateMethod(description = "Re-import the data records from production; the pilot's configuration is kept."
      + " Refused unless READY.")
  String refresh();

  @UpdateValidatorMethod(updateName = "refresh")
  void validateRefresh();

  /** Switch the pilot to production now or at {@code request.at()}; re-schedules if already scheduled. */
  @UpdateMethod(name = "switch", description = "Switch the pilot to production now or at a time (SwitchRequest.at);"
      + " again to re-schedule. The guardrails are checked before it is accepted; a refusal says why.")
  String switchToProduction(SwitchRequest request);

  @UpdateValidatorMethod(updateName = "switch")
  void validateSwitch(SwitchRequest request);

  /** Cancels a scheduled switch; the pilot goes back to READY. */
  @UpdateMethod(description = "Cancel a scheduled switch; the pilot goes back to READY.")
  String cancelSwitch();

  @UpdateValidatorMethod(updateName = "cancelSwitch")
  void validateCancelSwitch();

  /** Ends the upgrade without switching; production is untouched. */
  @UpdateMethod(description = "End the upgrade without switching: the pilot is dropped, production is untouched.")
  String abandon();

  @UpdateValidatorMethod(updateName = "abandon")
  void validateAbandon();

  /**
   * Within the switch-back grace period after a switch: the archive becomes production again under
   * its name, the switched database is renamed aside (never dropped), and the rows written to it
   * since the switch are listed in the status ({@link PilotStatus#switchBackReport()}).
   */
  @UpdateMethod(description = "Within the grace period after a switch: the archive becomes production again, the"
      + " switched database is kept aside, and the rows written to it since the switch are listed.")
  String switchBack();

  @UpdateValidatorMethod(updateName = "switchBack")
  void validateSwitchBack();

  /**
   * What a switch started now would do: the changes pending per data-record table (read from the
   * databases by an activity) and the expected freeze, from this upgrade's own refresh rates. Changes
   * nothing in the databases.
   */
  @UpdateMethod(description = "What a switch now would do: the changes pending per table and the expected freeze."
      + " Changes nothing in the databases.")
  SwitchForecast forecastSwitch();

  @UpdateValidatorMethod(updateName = "forecastSwitch")
  void validateForecastSwitch();

  @QueryMethod(description = "The upgrade's phase, step, per-table progress, verification, drift and history:"
      + " what upgradectl status and watch show.")
  PilotStatus status();

  /** Progress from a running activity of this workflow (per-table rows), shown in the UI and by `watch`. */
  @SignalMethod(description = "Sent by the upgrade's own copying activities: the tables whose progress changed"
      + " (coalesced, at most one a minute on long copies). Not for people to send.")
  void reportProgress(ProgressReport report);
}
