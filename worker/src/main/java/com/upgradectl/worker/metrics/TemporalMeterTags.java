package com.upgradectl.worker.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.Set;

/**
 * The SDK's tags where they belong, and only there.
 *
 * <p>Prometheus wants every meter of one name to carry the same tag keys, but the SDK tags its
 * request meters with {@code update_name} only for Update calls: without this, the first Update's
 * latency is dropped with a warning. The SDK's request meters without it get
 * {@code update_name="none"}, the value the SDK itself uses for tags that do not apply.
 *
 * <p>Our own meters get neither that nor the tags the SDK's workflow scope carries with the value
 * "none" (activity_type, operation, signal_name...): the workflows report through that scope, and a
 * phase gauge has no business with an activity type. Our meters' own {@code operation} (import,
 * resync) is never "none" and stays.
 */
public final class TemporalMeterTags implements MeterFilter {
  static final String SDK_PREFIX = "temporal_";
  static final String OWN_PREFIX = "upgradectl";
  static final String OPERATION = "operation";
  static final String UPDATE_NAME = "update_name";
  static final String NOT_APPLICABLE = "none";
  /** Tags of the SDK's workflow scope that say nothing about an upgrade. */
  static final Set<String> SDK_SCOPE_TAGS = Set.of("activity_type", "exception", OPERATION, "query_type", "signal_name",
      "status_code", "worker_type", UPDATE_NAME);

  @Override
  public Meter.Id map(Meter.Id id) {
    if (id.getName().startsWith(SDK_PREFIX) && id.getTag(OPERATION) != null && id.getTag(UPDATE_NAME) == null) {
      return id.withTag(Tag.of(UPDATE_NAME, NOT_APPLICABLE));
    }
    if (id.getName().startsWith(OWN_PREFIX)) {
      List<Tag> kept = id.getTags().stream()
          .filter(t -> !(SDK_SCOPE_TAGS.contains(t.getKey()) && NOT_APPLICABLE.equals(t.getValue()))).toList();
      if (kept.size() != id.getTags().size()) {
        return id.replaceTags(kept);
      }
    }
    return id;
  }
}
