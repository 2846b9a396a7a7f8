package com.upgradectl.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.UpgradeMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpgradeStatsReporterTest {
  private static final Map<String, String> UPGRADE = Map.of("namespace", "default", "task_queue", "upgradectl-upgrades",
      "workflow_type", "PilotUpgradeWorkflow", "upgrade", "pilot-upgrade/pg/desk", "profile", "pg", "database", "desk");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void anUpgradesFailureAndMismatchCountersAreThereAtZeroFromItsFirstPhase() {
    UpgradeStatsReporter reporter = new UpgradeStatsReporter(registry, Clock.systemUTC());

    reporter.reportGauge(UpgradeMeters.PHASE, with(UPGRADE, "phase", "CREATING"), 1);
    reporter.reportGauge(UpgradeMeters.PHASE, with(UPGRADE, "phase", "READY"), 1);

    String scrape = registry.scrape();
    for (String step : UpgradeMeters.PILOT_FAILURE_STEPS) {
      assertThat(scrape).containsPattern("upgradectl_upgrade_failures_total\\{[^}]*step=\"" + step + "\"[^}]*} 0.0");
    }
    assertThat(scrape).containsPattern("upgradectl_verification_mismatches_total\\{[^}]*upgrade=\"pilot-upgrade/pg/desk\""
        + "[^}]*} 0.0");
    assertThat(scrape).doesNotContain("step=\"upgrade\"").as("a production upgrade's step");

    // the workflow's increments land on the same series
    reporter.reportCounter(UpgradeMeters.FAILURES, with(UPGRADE, "step", "refresh"), 1);
    assertThat(registry.scrape()).containsPattern("upgradectl_upgrade_failures_total\\{[^}]*step=\"refresh\"[^}]*} 1.0");
  }

  @Test
  void theAgeOfAFreezeGrowsWhileFrozenAndIsZeroOnceThawed() {
    Instant frozenAt = Instant.parse("2026-12-06T22:00:00Z");
    Clock clock = Clock.fixed(frozenAt.plusSeconds(75), ZoneOffset.UTC);
    UpgradeStatsReporter reporter = new UpgradeStatsReporter(registry, clock);

    reporter.reportGauge(UpgradeMeters.FROZEN, UPGRADE, 1);
    reporter.reportGauge(UpgradeMeters.FROZEN_SINCE, UPGRADE, frozenAt.getEpochSecond());
    assertThat(registry.get(UpgradeStatsReporter.FROZEN_AGE).gauge().value()).isEqualTo(75.0);

    reporter.reportGauge(UpgradeMeters.FROZEN, UPGRADE, 0);
    assertThat(registry.get(UpgradeStatsReporter.FROZEN_AGE).gauge().value()).isZero();
  }

  private static Map<String, String> with(Map<String, String> tags, String key, String value) {
    Map<String, String> more = new HashMap<>(tags);
    more.put(key, value);
    return more;
  }
}
