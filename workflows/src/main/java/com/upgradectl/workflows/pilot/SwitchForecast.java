package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.PendingChanges;
import java.time.Instant;
import java.util.List;

/**
 * What a switch would do if it started now: the changes pending per data-record table and how long
 * production is expected to stay frozen.
 *
 * @param expectedFreezeMillis from the freeze until the pilot answers under production's name
 * @param basis how the figure was reached, in words (which refresh's rates, what is assumed)
 */
public record SwitchForecast(Instant at, List<PendingChanges> tables, long expectedFreezeMillis, String basis) {
  public SwitchForecast {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  public long pendingKeys() {
    return tables.stream().mapToLong(PendingChanges::changedKeys).sum();
  }
}
