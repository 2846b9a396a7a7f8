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
  /**
   * Activities per slice: its history stays near 600 events. Workers run without a sticky cache, so
   * each of a slice's workflow tasks replays the slice so far: the cost grows with the square of its
   * length (500 made a 10,000-piece import take over 10 minutes of replay alone).
   */
  int MAX_ACTIVITIES = 100;

  @WorkflowMethod
  SliceResult run(ImportSlice slice);
}
