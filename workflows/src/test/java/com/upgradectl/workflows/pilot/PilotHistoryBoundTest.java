package com.upgradectl.workflows.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Temporal warns at 10,240 history events and terminates a workflow at 51,200 events or 50 MB: the
 * progress of a copy must cost the history a bounded amount whatever the tables and the time.
 */
class PilotHistoryBoundTest {
  static final int EVENT_BOUND = 10_000;
  static final long BYTE_BOUND = 10L * 1024 * 1024;

  @Test
  void aDayLongImportOfAThousandTablesStaysWellWithinTheHistoryLimits() {
    try (PilotWorkflowTesting testing = new PilotWorkflowTesting()) {
      List<String> configuration = names("config_table_", 100);
      List<String> data = names("data_record_table_", 900);
      List<String> all = new java.util.ArrayList<>(configuration);
      all.addAll(data);
      SimulatedImport simulated = new SimulatedImport(testing.client, all, Duration.ofHours(24), 4);
      testing.activities.useTables(configuration, data);
      testing.activities.importWith(plan -> simulated.run());

      PilotUpgradeWorkflow workflow = testing.start();
      PilotWorkflowTesting.awaitStatus(workflow, s -> s.phase() == PilotPhase.READY, "READY", Duration.ofMinutes(5));

      History history = testing.env.getWorkflowExecutionHistory(testing.execution(workflow)).getHistory();
      long signalled = history.getEventsList().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).count();
      // The test server may fold signals that arrive together into one workflow task; a busy real
      // server need not: the worst case gives every signal its own task (signalled, scheduled,
      // started, completed).
      long worstCase = history.getEventsCount() - signalled + 4L * simulated.signals.get();
      System.out.printf("24 h import of 1,000 tables: %d signals (at most %d tables each), %d events"
          + " (worst case %d), %,d bytes%n", simulated.signals.get(), simulated.largestSignalTables.get(),
          history.getEventsCount(), worstCase, history.getSerializedSize());

      assertThat(signalled).as("every signal reached the workflow").isEqualTo(simulated.signals.get());
      assertThat(simulated.signals.get()).as("progress was signalled all along").isGreaterThan(1000);
      assertThat(worstCase).as("history events, worst case").isLessThan(EVENT_BOUND);
      assertThat((long) history.getSerializedSize()).as("history bytes").isLessThan(BYTE_BOUND);
    }
  }

  private static List<String> names(String prefix, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
  }
}
