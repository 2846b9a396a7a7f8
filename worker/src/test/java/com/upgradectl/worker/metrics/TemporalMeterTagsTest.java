package com.upgradectl.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TemporalMeterTagsTest {

  @Test
  void updateCallsAreMeasuredNextToOtherRequests() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new TemporalMeterTags());

    Timer.builder("temporal_long_request_latency").tags("operation", "PollWorkflowTaskQueue", "namespace", "default")
        .register(registry).record(Duration.ofMillis(5));
    Timer.builder("temporal_long_request_latency")
        .tags("operation", "UpdateWorkflowExecution", "namespace", "default", "update_name", "refresh")
        .register(registry).record(Duration.ofMillis(7));

    assertThat(registry.scrape())
        .contains("operation=\"PollWorkflowTaskQueue\",update_name=\"none\"")
        .contains("operation=\"UpdateWorkflowExecution\",update_name=\"refresh\"");
  }

  @Test
  void ourOwnMetersWithAnOperationTagGetNoUpdateName() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new TemporalMeterTags());

    Counter.builder("upgradectl.copy.rows").tags("operation", "import", "table", "tickets").register(registry)
        .increment(3);

    assertThat(registry.scrape()).contains("upgradectl_copy_rows_total{operation=\"import\",table=\"tickets\"} 3")
        .doesNotContain("update_name");
  }

  @Test
  void theSdkScopesNotApplicableTagsAreDroppedFromOurMeters() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new TemporalMeterTags());

    Counter.builder("upgradectl_upgrade_failures").tags("activity_type", "none", "operation", "none",
        "workflow_type", "PilotUpgradeWorkflow", "upgrade", "pilot-upgrade/pg/desk", "step", "refresh")
        .register(registry).increment();

    assertThat(registry.scrape()).contains("upgradectl_upgrade_failures_total{step=\"refresh\",upgrade=\"pilot-upgrade/pg/desk\","
        + "workflow_type=\"PilotUpgradeWorkflow\"} 1");
  }
}
