package com.upgradectl.workflows.common;

import java.util.List;

/** What an import or a resync copied, per table. */
public record CopyResult(List<TableCopied> tables, long elapsedMillis) {
  public record TableCopied(String table, long rows, long bytes, long resumedAfterRows) {}

  public long totalRows() {
    return tables.stream().mapToLong(TableCopied::rows).sum();
  }

  public long totalBytes() {
    return tables.stream().mapToLong(TableCopied::bytes).sum();
  }
}
