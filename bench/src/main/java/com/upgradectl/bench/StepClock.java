package com.upgradectl.bench;

import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import io.temporal.activity.ActivityInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** When each step an activity reports (copying, verifying, building indexes and constraints) first appeared. */
final class StepClock implements ProgressSinkFactory {
  private final Map<String, Long> firstSeenNanos = new LinkedHashMap<>();

  @Override
  public ProgressSink open(ActivityInfo activity) {
    return report -> {
      synchronized (firstSeenNanos) {
        if (report.step() != null) {
          firstSeenNanos.putIfAbsent(report.step(), System.nanoTime());
        }
      }
    };
  }

  void reset() {
    synchronized (firstSeenNanos) {
      firstSeenNanos.clear();
    }
  }

  /** When the first step whose name ends with {@code suffix} began, or -1. */
  long startOf(String suffix) {
    synchronized (firstSeenNanos) {
      return firstSeenNanos.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
          .mapToLong(Map.Entry::getValue).findFirst().orElse(-1);
    }
  }
}
