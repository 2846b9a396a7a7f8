package com.upgradectl.workflows.preflight;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs an upgrade's preflight on its own and changes nothing: what {@code upgradectl preflight}
 * shows before an operator commits to a pilot or a production upgrade. A short workflow, because
 * only workers hold the database credentials.
 */
@WorkflowInterface
public interface PreflightWorkflow {
  @WorkflowMethod(name = "UpgradePreflight")
  PreflightOutcome run(PreflightRequest request);
}
