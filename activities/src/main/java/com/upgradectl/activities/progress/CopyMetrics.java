package com.upgradectl.activities.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The copier's own meters. Rows, bytes, time per table and each table's progress carry the
 * upgrade they belong to ({@code upgrade}: its workflow id, {@code profile}, {@code database}: the
 * production database), the operation (import, resync) and the table. Failures carry only the
 * operation and the profile, so that they can be present at zero from the worker's start
 * ({@link #registerFailuresAtZero}), before any upgrade is known: an alert on them needs no special
 * case for a series that did not exist yet.
 */
public final class CopyMetrics {
  public static final String ROWS = "upgradectl.copy.rows";
  public static final String BYTES = "upgradectl.copy.bytes";
  public static final String DURATION = "upgradectl.copy.duration";
  public static final String FAILURES = "upgradectl.copy.failures";
  public static final String ROWS_REMAINING = "upgradectl.table.rows.remaining";
  public static final String PERCENT_DONE = "upgradectl.table.progress.percent";
  /** The operations of the data-copy activities, as their failures are counted. */
  public static final List<String> OPERATIONS = List.of("import", "resync", "capture", "pending", "verify",
      "fingerprint", "post-switch-check");
  /** The label value of an upgrade, profile or database a meter was recorded without. */
  public static final String NONE = "none";

  private final MeterRegistry registry;
  private final Tags upgrade;
  private final String profile;
  private final ConcurrentMap<Tags, TableGauges> progress;

  /** Meters of copies outside any upgrade (tests, benchmarks). */
  public CopyMetrics(MeterRegistry registry) {
    this(registry, NONE, NONE, NONE, new ConcurrentHashMap<>());
  }

  private CopyMetrics(MeterRegistry registry, String upgrade, String profile, String database,
      ConcurrentMap<Tags, TableGauges> progress) {
    this.registry = registry;
    this.upgrade = Tags.of("upgrade", upgrade, "profile", profile, "database", database);
    this.profile = profile;
    this.progress = progress;
  }

  /** The same meters, labelled with the upgrade (workflow id), its profile and its production database. */
  public CopyMetrics forUpgrade(String upgradeId, String serverProfile, String productionDatabase) {
    return new CopyMetrics(registry, orNone(upgradeId), orNone(serverProfile), orNone(productionDatabase), progress);
  }

  /** Every failure counter of every profile, at zero. */
  public static void registerFailuresAtZero(MeterRegistry registry, Collection<String> profiles) {
    for (String profile : profiles) {
      for (String operation : OPERATIONS) {
        failures(registry, operation, profile);
      }
    }
  }

  public void copied(String operation, String table, long rows, long bytes) {
    Counter.builder(ROWS).description("Rows copied from production into the pilot").baseUnit("rows")
        .tags(upgrade).tags("operation", operation, "table", table).register(registry).increment(rows);
    Counter.builder(BYTES).description("Bytes copied from production into the pilot").baseUnit("bytes")
        .tags(upgrade).tags("operation", operation, "table", table).register(registry).increment(bytes);
  }

  public void tableDone(String operation, String table, Duration elapsed) {
    Timer.builder(DURATION).description("Time to copy one table")
        .tags(upgrade).tags("operation", operation, "table", table).register(registry).record(elapsed);
  }

  public void failed(String operation) {
    failures(registry, operation, profile).increment();
  }

  /** A table's latest progress: rows still to copy (by the estimate until it is done) and percent done. */
  public void progress(String operation, String table, long rowsDone, long rowsTotal, boolean done) {
    Tags tags = upgrade.and("operation", operation, "table", table);
    TableGauges gauges = progress.computeIfAbsent(tags, this::register);
    long total = Math.max(rowsTotal, rowsDone);
    gauges.remaining.set(done ? 0 : total - rowsDone);
    gauges.percentTimes100.set(done ? 10_000 : total == 0 ? 0 : Math.min(9_999, rowsDone * 10_000 / total));
  }

  private TableGauges register(Tags tags) {
    TableGauges gauges = new TableGauges(new AtomicLong(), new AtomicLong());
    Gauge.builder(ROWS_REMAINING, gauges.remaining, AtomicLong::get)
        .description("Rows of the table still to copy in the running (or last) copy; an estimate until the table is done")
        .tags(tags).register(registry); // no base unit: Prometheus would append "_rows" to the name
    Gauge.builder(PERCENT_DONE, gauges.percentTimes100, p -> p.get() / 100.0)
        .description("How much of the table the running (or last) copy has done, in percent")
        .tags(tags).register(registry);
    return gauges;
  }

  private static Counter failures(MeterRegistry registry, String operation, String profile) {
    return Counter.builder(FAILURES).description("Copy operations that failed (retries included)")
        .tags("operation", operation, "profile", profile).register(registry);
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? NONE : value;
  }

  /** Held here: Micrometer keeps gauges' values only weakly. */
  private record TableGauges(AtomicLong remaining, AtomicLong percentTimes100) {}
}
