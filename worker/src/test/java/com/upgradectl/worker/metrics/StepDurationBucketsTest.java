package com.upgradectl.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.UpgradeMeters;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepDurationBucketsTest {

  @Test
  void stepTimersCountInBucketsFromASecondToADayWhateverTheReporterAsks() {
    PrometheusMeterRegistry registry = WorkerMeters.create().registry();

    // as the SDK's reporter registers a workflow's timer
    Timer.builder(UpgradeMeters.STEP).tag("step", "import").publishPercentileHistogram(true).register(registry)
        .record(Duration.ofMinutes(45));

    String scrape = registry.scrape();
    assertThat(scrape).contains("upgradectl_upgrade_step_seconds_bucket{step=\"import\",le=\"1800.0\"} 0")
        .contains("upgradectl_upgrade_step_seconds_bucket{step=\"import\",le=\"3600.0\"} 1")
        .contains("upgradectl_upgrade_step_seconds_bucket{step=\"import\",le=\"+Inf\"} 1")
        .doesNotContain("le=\"0.001\"");
    assertThat(scrape.lines().filter(l -> l.startsWith("upgradectl_upgrade_step_seconds_bucket")))
        .hasSize(StepDurationBuckets.SECONDS.length + 1);
  }
}
