package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.ProgressReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The one-step production upgrade: preflight, block the application, safety copy, in-place
 * migrations, verify, unblock, clean up. Id: {@link ProductionWorkflowIds#of}; start options:
 * {@link ProductionUpgradeStart#workflowOptions}.
 */
@WorkflowInterface
public interface ProductionUpgradeWorkflow {

  /**
   * Returns the final status when production is UPGRADED. Otherwise fails with a non-retryable
   * ApplicationFailure whose message names the step and the cause, and whose type (from
   * {@link com.upgradectl.workflows.common.FailureTypes}) says what became of production:
   * BadInput / PreconditionFailed — refused before anything changed; StepFailed — failed, and
   * production is as it was (RESTORED); RollbackIncomplete — failed and not fully undone (FAILED).
   * {@link #status()} answers after the end too.
   */
  @WorkflowMethod
  ProductionStatus run(ProductionPlan plan);

  @QueryMethod(description = "The upgrade's phase, step, progress, sessions ended, migrations applied,"
      + " verification and history: what upgradectl status and watch show.")
  ProductionStatus status();

  /** Progress from a running activity of this workflow (per-table rows), shown by `watch`. */
  @SignalMethod(description = "Sent by the upgrade's own activities: the progress of the step under way."
      + " Not for people to send.")
  void reportProgress(ProgressReport report);
}
