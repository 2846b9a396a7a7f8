package com.upgradectl.worker;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Prometheus wants every meter of one name to carry the same tag keys, but the SDK tags its request
 * meters with {@code update_name} only for Update calls: without this, the first Update's latency
 * is dropped with a warning. Request meters without it get {@code update_name="none"}, the value
 * the SDK itself uses for tags that do not apply.
 */
final class TemporalMeterTags implements MeterFilter {
  static final String OPERATION = "operation";
  static final String UPDATE_NAME = "update_name";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (id.getTag(OPERATION) != null && id.getTag(UPDATE_NAME) == null) {
      return id.withTag(Tag.of(UPDATE_NAME, "none"));
    }
    return id;
  }
}
