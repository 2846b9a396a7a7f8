package com.upgradectl.worker.metrics;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import com.upgradectl.workflows.common.UpgradeMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The SDK's meters (and the workflows' own, {@link UpgradeMeters}) into the worker's registry
 * through the SDK's Micrometer reporter, plus what the workflow scope cannot report: the failure
 * and mismatch counters of an upgrade at zero as soon as its first phase is reported (tally drops
 * counters that are still zero, and an alert on increase() cannot see a series' first step), and
 * the age of a freeze under way, computed at each scrape.
 */
public final class UpgradeStatsReporter implements StatsReporter {
  public static final String FROZEN_AGE = "upgradectl_switch_frozen_age_seconds";
  private static final Map<String, List<String>> FAILURE_STEPS = Map.of(
      "PilotUpgradeWorkflow", UpgradeMeters.PILOT_FAILURE_STEPS,
      "ProductionUpgradeWorkflow", UpgradeMeters.PRODUCTION_FAILURE_STEPS);

  private final MeterRegistry registry;
  private final StatsReporter sdk;
  private final Clock clock;
  private final Set<Map<String, String>> upgradesSeen = ConcurrentHashMap.newKeySet();
  private final ConcurrentMap<Map<String, String>, Freeze> freezes = new ConcurrentHashMap<>();

  public UpgradeStatsReporter(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.sdk = new MicrometerClientStatsReporter(registry);
    this.clock = clock;
  }

  @Override
  public void reportGauge(String name, Map<String, String> tags, double value) {
    sdk.reportGauge(name, tags, value);
    switch (name) {
      case UpgradeMeters.PHASE -> firstSeen(without(tags, "phase"));
      case UpgradeMeters.FROZEN -> freeze(tags).frozen = value > 0;
      case UpgradeMeters.FROZEN_SINCE -> freeze(tags).sinceSeconds = value;
      default -> { }
    }
  }

  private void firstSeen(Map<String, String> upgrade) {
    if (!upgradesSeen.add(upgrade)) {
      return;
    }
    Tags tags = tags(upgrade);
    for (String step : FAILURE_STEPS.getOrDefault(upgrade.get("workflow_type"), List.of())) {
      Counter.builder(UpgradeMeters.FAILURES).description("Steps of the upgrade that failed (a switch refused or"
          + " rolled back included), by step").tags(tags).tag("step", step).register(registry);
    }
    Counter.builder(UpgradeMeters.MISMATCHES).description("Tables a verification of the upgrade found different"
        + " from production (rows or checksum)").tags(tags).register(registry);
  }

  private Freeze freeze(Map<String, String> tags) {
    return freezes.computeIfAbsent(Map.copyOf(tags), t -> {
      Freeze freeze = new Freeze();
      Gauge.builder(FROZEN_AGE, freeze, f -> f.ageSeconds(clock.millis()))
          .description("How long production has been frozen by the switch under way (0 when not frozen)")
          .baseUnit("seconds").tags(tags(t)).register(registry);
      return freeze;
    });
  }

  private static Map<String, String> without(Map<String, String> tags, String key) {
    Map<String, String> rest = new HashMap<>(tags);
    rest.remove(key);
    return Map.copyOf(rest);
  }

  private static Tags tags(Map<String, String> tags) {
    Tags all = Tags.empty();
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      all = all.and(tag.getKey(), tag.getValue());
    }
    return all;
  }

  /** Held here: Micrometer keeps a gauge's object only weakly. */
  private static final class Freeze {
    volatile boolean frozen;
    volatile double sinceSeconds;

    double ageSeconds(long nowMillis) {
      return frozen && sinceSeconds > 0 ? Math.max(0, nowMillis / 1000.0 - sinceSeconds) : 0;
    }
  }

  @Override
  public void reportCounter(String name, Map<String, String> tags, long value) {
    sdk.reportCounter(name, tags, value);
  }

  @Override
  public void reportTimer(String name, Map<String, String> tags, Duration interval) {
    sdk.reportTimer(name, tags, interval);
  }

  @Override
  public void reportHistogramValueSamples(String name, Map<String, String> tags, Buckets buckets,
      double bucketLowerBound, double bucketUpperBound, long samples) {
    sdk.reportHistogramValueSamples(name, tags, buckets, bucketLowerBound, bucketUpperBound, samples);
  }

  @Override
  public void reportHistogramDurationSamples(String name, Map<String, String> tags, Buckets buckets,
      Duration bucketLowerBound, Duration bucketUpperBound, long samples) {
    sdk.reportHistogramDurationSamples(name, tags, buckets, bucketLowerBound, bucketUpperBound, samples);
  }

  @Override
  public Capabilities capabilities() {
    return sdk.capabilities();
  }

  @Override
  public void flush() {
    sdk.flush();
  }

  @Override
  public void close() {
    // the registry is closed by its owner (WorkerMeters), after the SDK's scope
  }
}
