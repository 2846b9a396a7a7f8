package com.upgradectl.worker.metrics;

import com.upgradectl.workflows.common.UpgradeMeters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Histogram buckets for the upgrade's step and freeze timers on the scale of upgrade steps, from a
 * second to a day. The SDK's reporter asks for Micrometer's default percentile histogram, whose
 * buckets end at 30 s: every import or refresh of any size would fall into +Inf, and each series
 * would carry some 70 buckets.
 */
final class StepDurationBuckets implements MeterFilter {
  private static final Set<String> TIMERS = Set.of(UpgradeMeters.STEP, UpgradeMeters.FREEZE);
  static final double[] SECONDS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400};

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (!TIMERS.contains(id.getName())) {
      return config;
    }
    double[] nanos = new double[SECONDS.length];
    for (int i = 0; i < SECONDS.length; i++) {
      nanos[i] = Duration.ofSeconds((long) SECONDS[i]).toNanos();
    }
    return DistributionStatisticConfig.builder().percentilesHistogram(false).serviceLevelObjectives(nanos).build()
        .merge(config);
  }
}
