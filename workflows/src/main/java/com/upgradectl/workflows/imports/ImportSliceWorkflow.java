package com.upgradectl.workflows.imports;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs a slice of an import's activities, at most the plan's parallelism at once, on whichever
 * workers poll the task queue. A child of the pilot's workflow: the pilot's own history gets a few
 * events per slice, not per piece.
 */
@WorkflowInterface
public interface ImportSliceWorkflow {
  /** Activities per slice: its history stays near 3,000 events, well under Temporal's warning at 10,240. */
  int MAX_ACTIVITIES = 500;

  @WorkflowMethod
  SliceResult run(ImportSlice slice);
}
