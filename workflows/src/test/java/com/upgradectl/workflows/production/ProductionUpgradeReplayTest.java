package com.upgradectl.workflows.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories with the current code: a change that would make a running production
 * upgrade (blocked production, migrations under way) take another path on a new worker fails here.
 * The histories under src/test/resources/histories were recorded from the first version; record the
 * current ones with {@code -Dupgradectl.recordHistories=src/test/resources/histories} (run in workflows/).
 */
class ProductionUpgradeReplayTest {
  static final String UPGRADED = "production-upgraded.json";
  static final String RESTORED = "production-restored.json";

  @Test
  void anUpgradeAndARestoreOfTheCurrentCodeReplay() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(record(UPGRADED, null), ProductionUpgradeWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecution(record(RESTORED, "migrate"), ProductionUpgradeWorkflowImpl.class);
  }

  @Test
  void theRecordedHistoriesOfTheFirstVersionStillReplay() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + UPGRADED, ProductionUpgradeWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + RESTORED, ProductionUpgradeWorkflowImpl.class);
  }

  /** Runs the upgrade, failing {@code failing} if given; saves the history when asked to record. */
  private static WorkflowExecutionHistory record(String name, String failing) throws Exception {
    try (ProductionWorkflowTesting testing = new ProductionWorkflowTesting()) {
      if (failing != null) {
        testing.activities.fail(failing);
      }
      ProductionWorkflowTesting.Outcome outcome = testing.run(ProductionWorkflowTesting.PLAN);
      assertThat(outcome.status().phase()).isIn(ProductionPhase.UPGRADED, ProductionPhase.RESTORED);
      WorkflowExecutionHistory history = testing.lastHistory();
      String directory = System.getProperty("upgradectl.recordHistories");
      if (directory != null) {
        Files.writeString(Path.of(directory, name), history.toJson(true), StandardCharsets.UTF_8);
      }
      return history;
    }
  }
}
