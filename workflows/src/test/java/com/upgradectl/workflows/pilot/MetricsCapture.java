package com.upgradectl.workflows.pilot;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A metrics reporter for workflow tests: the last value of every gauge and every timer recorded, by name and tags. */
final class MetricsCapture implements StatsReporter {
  record Recorded(String name, Map<String, String> tags, double value) {}

  final Map<String, Recorded> gauges = new ConcurrentHashMap<>();
  final List<Recorded> timers = new CopyOnWriteArrayList<>();
  final Map<String, Recorded> counters = new ConcurrentHashMap<>();

  Scope scope() {
    return new RootScopeBuilder().reporter(this).reportEvery(Duration.ofMillis(10));
  }

  /** The last value of the gauge whose tags include all of {@code tags}; null when none was reported. */
  Double gauge(String name, Map<String, String> tags) {
    return gauges.values().stream()
        .filter(g -> g.name().equals(name) && g.tags().entrySet().containsAll(tags.entrySet()))
        .map(Recorded::value).findFirst().orElse(null);
  }

  @Override
  public void reportGauge(String name, Map<String, String> tags, double value) {
    gauges.put(name + tags, new Recorded(name, tags, value));
  }

  @Override
  public void reportTimer(String name, Map<String, String> tags, Duration interval) {
    timers.add(new Recorded(name, tags, interval.getSeconds()));
  }

  /** The sum of what the counter whose tags include all of {@code tags} reported; null when none was. */
  Double counter(String name, Map<String, String> tags) {
    return counters.values().stream()
        .filter(c -> c.name().equals(name) && c.tags().entrySet().containsAll(tags.entrySet()))
        .map(Recorded::value).findFirst().orElse(null);
  }

  /** The timers of that name whose tags include all of {@code tags}. */
  List<Recorded> timers(String name, Map<String, String> tags) {
    return timers.stream()
        .filter(t -> t.name().equals(name) && t.tags().entrySet().containsAll(tags.entrySet())).toList();
  }

  @Override
  public void reportCounter(String name, Map<String, String> tags, long value) {
    counters.merge(name + tags, new Recorded(name, tags, value),
        (a, b) -> new Recorded(name, tags, a.value() + b.value()));
  }

  @Override
  public void reportHistogramValueSamples(String name, Map<String, String> tags, Buckets buckets, double lower,
      double upper, long samples) {}

  @Override
  public void reportHistogramDurationSamples(String name, Map<String, String> tags, Buckets buckets, Duration lower,
      Duration upper, long samples) {}

  @Override
  public Capabilities capabilities() {
    return CapableOf.REPORTING;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
