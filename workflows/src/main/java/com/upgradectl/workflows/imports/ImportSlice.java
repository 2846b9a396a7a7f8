package com.upgradectl.workflows.imports;

import com.upgradectl.workflows.pilot.PilotPlan;
import java.util.List;

/**
 * A share of an import's activities run by one child workflow, so that no history holds more than
 * {@link ImportSliceWorkflow#MAX_ACTIVITIES} of them: pieces to copy, or tables to verify.
 */
public record ImportSlice(PilotPlan plan, int generation, List<PieceRef> pieces, List<String> tablesToVerify,
    String progressWorkflowId) {
  public ImportSlice {
    pieces = pieces == null ? List.of() : List.copyOf(pieces);
    tablesToVerify = tablesToVerify == null ? List.of() : List.copyOf(tablesToVerify);
  }
}
