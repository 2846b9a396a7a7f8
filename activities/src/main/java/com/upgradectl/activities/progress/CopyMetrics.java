package com.upgradectl.activities.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The copier's own meters, tagged by operation (import, resync) and table: rows and bytes copied,
 * time per table, failures.
 */
public final class CopyMetrics {
  public static final String ROWS = "upgradectl.copy.rows";
  public static final String BYTES = "upgradectl.copy.bytes";
  public static final String DURATION = "upgradectl.copy.duration";
  public static final String FAILURES = "upgradectl.copy.failures";

  private final MeterRegistry registry;

  public CopyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void copied(String operation, String table, long rows, long bytes) {
    Counter.builder(ROWS).description("Rows copied from production into the pilot").baseUnit("rows")
        .tags("operation", operation, "table", table).register(registry).increment(rows);
    Counter.builder(BYTES).description("Bytes streamed from production into the pilot").baseUnit("bytes")
        .tags("operation", operation, "table", table).register(registry).increment(bytes);
  }

  public void tableDone(String operation, String table, Duration elapsed) {
    Timer.builder(DURATION).description("Time to copy one table")
        .tags("operation", operation, "table", table).register(registry).record(elapsed);
  }

  public void failed(String operation) {
    Counter.builder(FAILURES).description("Copy operations that failed (retries included)")
        .tags("operation", operation).register(registry).increment();
  }
}
