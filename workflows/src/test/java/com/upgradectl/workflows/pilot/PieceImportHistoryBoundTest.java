package com.upgradectl.workflows.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.imports.ImportLayout;
import com.upgradectl.workflows.imports.ImportSliceWorkflow;
import com.upgradectl.workflows.imports.PlannedTable;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An import of tens of thousands of key ranges must not grow the pilot's history with them: the
 * pieces run in child workflows of at most {@link ImportSliceWorkflow#MAX_ACTIVITIES} activities.
 */
class PieceImportHistoryBoundTest {
  static final int PIECES = 10_000;
  static final int PARENT_EVENT_BOUND = 2_000;
  static final int CHILD_EVENT_BOUND = 1_000;

  @Test
  void tenThousandRangesKeepEveryHistoryBounded() {
    try (PilotWorkflowTesting testing = new PilotWorkflowTesting(PilotUpgradeWorkflowImpl::new, false)) {
      List<PlannedTable> tables = new ArrayList<>();
      int piece = 1;
      for (String table : List.of("categories", "priorities", "settings", "comments", "computers")) {
        tables.add(new PlannedTable(table, 100, piece++, 1));
      }
      tables.add(new PlannedTable("tickets", 1_000_000_000L, piece, PIECES - tables.size()));
      testing.activities.importByPieces(new ImportLayout(true, tables));

      PilotUpgradeWorkflow workflow = testing.start();
      PilotWorkflowTesting.awaitStatus(workflow, s -> s.phase() == PilotPhase.READY, "READY", Duration.ofMinutes(10));

      List<HistoryEvent> parent = testing.env.getWorkflowExecutionHistory(testing.execution(workflow)).getEvents();
      List<WorkflowExecution> children = parent.stream()
          .filter(HistoryEvent::hasChildWorkflowExecutionStartedEventAttributes)
          .map(e -> e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution()).toList();
      int largestChild = children.stream()
          .mapToInt(child -> testing.env.getWorkflowExecutionHistory(child).getHistory().getEventsCount())
          .max().orElse(0);
      System.out.printf("%,d pieces: pilot history %,d events, %d slices, largest slice %,d events%n", PIECES,
          parent.size(), children.size(), largestChild);

      assertThat(testing.activities.calls().stream().filter(c -> c.startsWith("copyPiece ")).count())
          .as("every piece copied once").isEqualTo(PIECES);
      assertThat(testing.activities.calls()).contains("finishImport 1");
      assertThat(children).as("slices of at most " + ImportSliceWorkflow.MAX_ACTIVITIES + " copies, one of checks")
          .hasSize(PIECES / ImportSliceWorkflow.MAX_ACTIVITIES + 1);
      assertThat(parent.size()).as("pilot history events").isLessThan(PARENT_EVENT_BOUND);
      assertThat(largestChild).as("largest slice's history events").isLessThanOrEqualTo(CHILD_EVENT_BOUND);
    }
  }
}
