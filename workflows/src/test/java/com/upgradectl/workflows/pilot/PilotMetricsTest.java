package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PRODUCTION;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.UpgradeMeters;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a pilot's steps report to the worker's metrics, read from a capturing reporter. */
class PilotMetricsTest {
  private final PilotWorkflowTesting testing = new PilotWorkflowTesting();
  private final FakeUpgradeActivities activities = testing.activities;

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void creatingThePilotTimesEachStepAndRecordsItsSuccess() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    Map<String, String> upgrade = labelsOf(workflow);

    awaitMetric(() -> testing.metrics.gauge(UpgradeMeters.PHASE, with(upgrade, "phase", "READY")), 1.0);
    for (String step : new String[] {"preflight", "create", "import"}) {
      assertThat(testing.metrics.timers(UpgradeMeters.STEP, with(upgrade, "step", step))).as(step).hasSize(1);
      assertThat(testing.metrics.gauge(UpgradeMeters.LAST_SUCCESS, with(upgrade, "step", step))).as(step)
          .isEqualTo(testing.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60.0));
    }
    assertThat(testing.metrics.counter(UpgradeMeters.FAILURES, upgrade)).isNull();
    assertThat(testing.metrics.counter(UpgradeMeters.MISMATCHES, upgrade)).isNull();
  }

  @Test
  void aRefreshThatDoesNotVerifyCountsAFailureAndItsMismatchedTable() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    Map<String, String> upgrade = labelsOf(workflow);
    activities.mismatchAt("resyncDataTables", "tickets");

    workflow.refresh();
    awaitStatus(workflow, s -> s.failure() != null, "a refresh that did not verify");

    awaitMetric(() -> testing.metrics.counter(UpgradeMeters.FAILURES, with(upgrade, "step", "refresh")), 1.0);
    awaitMetric(() -> testing.metrics.counter(UpgradeMeters.MISMATCHES, upgrade), 1.0);
    assertThat(testing.metrics.timers(UpgradeMeters.STEP, with(upgrade, "step", "refresh"))).hasSize(1);
    assertThat(testing.metrics.gauge(UpgradeMeters.LAST_SUCCESS, with(upgrade, "step", "refresh"))).isNull();

    // the next refresh verifies: a success, and the earlier mismatch is not counted again
    activities.stopMismatching();
    workflow.refresh();
    awaitStatus(workflow, s -> s.refreshCount() == 1, "a refresh that verified");
    awaitMetric(() -> testing.metrics.gauge(UpgradeMeters.LAST_SUCCESS, with(upgrade, "step", "refresh")) == null
        ? null : 1.0, 1.0);
    assertThat(testing.metrics.counter(UpgradeMeters.FAILURES, with(upgrade, "step", "refresh"))).isEqualTo(1.0);
    assertThat(testing.metrics.counter(UpgradeMeters.MISMATCHES, upgrade)).isEqualTo(1.0);
  }

  private Map<String, String> labelsOf(PilotUpgradeWorkflow workflow) {
    return Map.of("upgrade", testing.execution(workflow).getWorkflowId(), "profile", "local", "database", PRODUCTION);
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> more = new HashMap<>(labels);
    more.put(key, value);
    return more;
  }

  /** Polls: the reporter reports every 10 ms (a safety net of 4 s, not a speed check). */
  private static void awaitMetric(Supplier<Double> value, double expected) throws InterruptedException {
    for (int i = 0; i < 200 && !Double.valueOf(expected).equals(value.get()); i++) {
      Thread.sleep(20);
    }
    assertThat(value.get()).isEqualTo(expected);
  }
}
