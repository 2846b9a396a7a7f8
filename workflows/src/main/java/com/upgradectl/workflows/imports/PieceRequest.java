package com.upgradectl.workflows.imports;

import com.upgradectl.workflows.pilot.PilotPlan;

/**
 * One piece to copy at the read point of {@code generation}.
 *
 * @param progressWorkflowId the workflow whose progress the copy adds to (the pilot's, not the
 *     slice's that runs the activity)
 */
public record PieceRequest(PilotPlan plan, int generation, PieceRef piece, String progressWorkflowId) {}
