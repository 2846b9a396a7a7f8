package com.upgradectl.worker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemporalMdcConverterTest {
  private static LoggingEvent event(Map<String, String> mdc) {
    LoggingEvent event = new LoggingEvent();
    event.setLevel(Level.INFO);
    event.setMessage("copied");
    event.setMDCPropertyMap(mdc);
    return event;
  }

  @Test
  void printsTheSdkFieldsPresentQuotingWhereNeeded() {
    TemporalMdcConverter converter = new TemporalMdcConverter();
    assertThat(converter.convert(event(Map.of()))).isEmpty();
    assertThat(converter.convert(event(Map.of("WorkflowId", "pilot-embedded-servicedesk", "RunId", "3f2a-1",
        "ActivityType", "CopyTable", "Namespace", "default"))))
        .isEqualTo(" workflowId=pilot-embedded-servicedesk runId=3f2a-1 activityType=CopyTable");
    assertThat(converter.convert(event(Map.of("WorkflowId", "id with \"quote\" a=b\\"))))
        .isEqualTo(" workflowId=\"id with \\\"quote\\\" a=b\\\\\"");
  }

  @Test
  void theWorkersLogConfigurationUsesIt() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback-worker.xml"));
    ConsoleAppender<?> text = (ConsoleAppender<?>) context.getLogger("ROOT").getAppender("text");
    PatternLayoutEncoder encoder = (PatternLayoutEncoder) text.getEncoder();
    LoggingEvent event = event(Map.of("WorkflowId", "w 1", "RunId", "r1", "ActivityType", "CopyTable"));
    event.setLoggerName("x");
    event.setThreadName("t");
    event.setLoggerContext(context);
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).contains("msg=\"copied\" workflowId=\"w 1\" runId=r1 activityType=CopyTable");
    context.stop();
  }
}
