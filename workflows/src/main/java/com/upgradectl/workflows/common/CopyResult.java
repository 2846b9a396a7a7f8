package com.upgradectl.workflows.common;

import java.util.List;

/**
 * What an import or a resync copied, per table, and the verification of the copy against the
 * same read point of production it was copied from.
 *
 * @param readPoint how production was read at one moment (e.g. "database snapshot ... of shop", "SNAPSHOT
 *     isolation ..."); null where the platform has one way only (PostgreSQL: an exported snapshot)
 * @param refresh per data-record table, how an incremental refresh brought it up to production; empty
 *     for a whole import or resync
 * @param applyMillis how long the refresh's one transaction in the pilot took (the part the switch
 *     does while production is frozen); 0 for a whole import or resync
 */
public record CopyResult(List<TableCopied> tables, long elapsedMillis, VerificationReport verification,
    String readPoint, List<TableRefresh> refresh, long applyMillis) {
  public record TableCopied(String table, long rows, long bytes, long resumedAfterRows) {}

  public CopyResult {
    refresh = refresh == null ? List.of() : List.copyOf(refresh);
  }

  public CopyResult(List<TableCopied> tables, long elapsedMillis, VerificationReport verification, String readPoint) {
    this(tables, elapsedMillis, verification, readPoint, List.of(), 0);
  }

  /** Whether the refresh applied changed keys (at least one table not copied whole). */
  public boolean incremental() {
    return refresh.stream().anyMatch(t -> !t.copiedWhole());
  }

  /** Keys applied one by one, over every table. */
  public long changedKeys() {
    return refresh.stream().mapToLong(TableRefresh::changedKeys).sum();
  }

  public CopyResult(List<TableCopied> tables, long elapsedMillis, VerificationReport verification) {
    this(tables, elapsedMillis, verification, null);
  }

  public long totalRows() {
    return tables.stream().mapToLong(TableCopied::rows).sum();
  }

  public long totalBytes() {
    return tables.stream().mapToLong(TableCopied::bytes).sum();
  }
}
