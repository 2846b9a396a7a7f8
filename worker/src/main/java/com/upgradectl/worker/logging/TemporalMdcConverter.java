package com.upgradectl.worker.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;

/**
 * {@code %temporal} in logback-worker.xml: the Temporal SDK's MDC entries of the line (set on
 * workflow and activity threads), as {@code workflowId=… runId=… workflowType=… activityType=…},
 * each only when present, values quoted (with \ and " escaped) when they hold a space, quote, =,
 * or control character, so key=value parsing holds. A leading space when anything is printed.
 */
public final class TemporalMdcConverter extends ClassicConverter {
  /** SDK MDC key (io.temporal.internal.logging.LoggerTag) -> field name in our lines. */
  static final String[][] FIELDS = {
      {"WorkflowId", "workflowId"}, {"RunId", "runId"}, {"WorkflowType", "workflowType"},
      {"ActivityType", "activityType"}, {"ActivityId", "activityId"}};

  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc == null || mdc.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String[] field : FIELDS) {
      String value = mdc.get(field[0]);
      if (value != null) {
        out.append(' ').append(field[1]).append('=').append(quoted(value));
      }
    }
    return out.toString();
  }

  static String quoted(String value) {
    boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c == '\\');
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
