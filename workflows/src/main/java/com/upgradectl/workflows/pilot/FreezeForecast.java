package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.PendingChanges;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * How long a switch started now would keep production frozen, from this upgrade's own refreshes.
 *
 * <p>The switch first refreshes while production still runs (applying what is pending now), then
 * freezes and applies only what arrived during that refresh. So the frozen part is: the switch's
 * own steps, the fixed cost of one refresh transaction, the keys expected to arrive during the
 * catch-up (at the rate they arrived since the last refresh) at the measured apply rate, and the
 * tables that can only be copied whole, at the import's rate.
 */
final class FreezeForecast {
  /** Freeze, proof that nothing was written, capture removal, two renames, archive offline: measured here. */
  static final long SWITCH_STEPS_MILLIS = 1_500;
  /** Until a refresh by key has been measured. */
  static final double DEFAULT_KEYS_PER_MILLI = 5.0;
  static final double DEFAULT_ROWS_PER_MILLI = 50.0;

  private FreezeForecast() {}

  static SwitchForecast of(Instant now, List<PendingChanges> pending, List<RefreshMeasure> measures,
      double importRowsPerMilli) {
    long fixedMillis = measures.stream().mapToLong(RefreshMeasure::applyMillis).min().orElse(0);
    RefreshMeasure busiest = measures.stream().max(Comparator.comparingLong(RefreshMeasure::changedKeys)).orElse(null);
    double keysPerMilli = DEFAULT_KEYS_PER_MILLI;
    String rateBasis = "no refresh by key measured yet: assuming " + Math.round(DEFAULT_KEYS_PER_MILLI * 1000) + " keys/s";
    if (busiest != null && busiest.changedKeys() > 0 && busiest.applyMillis() > fixedMillis) {
      keysPerMilli = busiest.changedKeys() / (double) (busiest.applyMillis() - fixedMillis);
      rateBasis = "keys applied at " + Math.round(keysPerMilli * 1000) + "/s and " + fixedMillis
          + " ms per refresh transaction, as measured in this upgrade's refreshes";
    }
    double rowsPerMilli = importRowsPerMilli > 0 ? importRowsPerMilli : DEFAULT_ROWS_PER_MILLI;

    long pendingKeys = pending.stream().filter(p -> p.wholeBecause() == null).mapToLong(PendingChanges::changedKeys).sum();
    long wholeRows = pending.stream().filter(p -> p.wholeBecause() != null).mapToLong(PendingChanges::estimatedRows).sum();
    RefreshMeasure last = measures.isEmpty() ? null : measures.get(measures.size() - 1);
    long catchUpMillis = (last == null ? 0 : last.elapsedMillis()) + Math.round(pendingKeys / keysPerMilli);
    long sinceLast = last == null ? 0 : Math.max(1, now.toEpochMilli() - last.endedAtMillis());
    double arrivingPerMilli = last == null ? 0 : pendingKeys / (double) sinceLast;
    long keysWhileFrozen = Math.round(arrivingPerMilli * catchUpMillis);
    long wholeMillis = Math.round(wholeRows / rowsPerMilli);
    long expected = SWITCH_STEPS_MILLIS + fixedMillis + Math.round(keysWhileFrozen / keysPerMilli) + wholeMillis;

    String basis = pendingKeys + " keys pending now are applied before the freeze; about " + keysWhileFrozen
        + " more are expected to arrive meanwhile and are applied while frozen (" + rateBasis + ")"
        + (wholeRows > 0 ? "; " + wholeRows + " rows of tables copied whole at " + Math.round(rowsPerMilli * 1000)
            + " rows/s" : "")
        + "; plus about " + SWITCH_STEPS_MILLIS + " ms for the freeze and the renames";
    return new SwitchForecast(now, pending, expected, basis);
  }
}
