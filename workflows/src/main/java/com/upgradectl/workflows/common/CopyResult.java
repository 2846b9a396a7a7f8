package com.upgradectl.workflows.common;

import java.util.List;

/**
 * What an import or a resync copied, per table, and the verification of the copy against the
 * same read point of production it was copied from.
 */
public record CopyResult(List<TableCopied> tables, long elapsedMillis, VerificationReport verification) {
  public record TableCopied(String table, long rows, long bytes, long resumedAfterRows) {}

  public long totalRows() {
    return tables.stream().mapToLong(TableCopied::rows).sum();
  }

  public long totalBytes() {
    return tables.stream().mapToLong(TableCopied::bytes).sum();
  }
}
