package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;

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
}
