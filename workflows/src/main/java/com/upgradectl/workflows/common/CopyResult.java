package com.upgradectl.workflows.common;

import java.util.List;

/**
 * What an import or a resync copied, per table, and the verification of the copy against the
 * same read point of production it was copied from.
 *
 * @param readPoint how production was read at one moment (e.g. "database snapshot ... of shop", "SNAPSHOT
 *     isolation ..."); null where the platform has one way only (PostgreSQL: an exported snapshot)
 */
public record CopyResult(List<TableCopied> tables, long elapsedMillis, VerificationReport verification,
    String readPoint) {
  public record TableCopied(String table, long rows, long bytes, long resumedAfterRows) {}

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
