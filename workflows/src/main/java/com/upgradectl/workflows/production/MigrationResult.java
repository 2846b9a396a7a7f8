package com.upgradectl.workflows.production;

import java.util.List;

/**
 * The in-place migrations production holds after the migration step, e.g. "2 from v1
 * (V2__from_v1.sql)". A retried step reports the ones an earlier attempt applied too.
 */
public record MigrationResult(List<String> applied) {
  public MigrationResult {
    applied = applied == null ? List.of() : List.copyOf(applied);
  }
}
