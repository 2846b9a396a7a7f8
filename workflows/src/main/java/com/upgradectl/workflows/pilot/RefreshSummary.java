package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.TableRefresh;
import java.util.List;
import java.util.stream.Collectors;

/** One sentence on what a refresh did: keys applied, tables copied whole and why. */
final class RefreshSummary {
  private RefreshSummary() {}

  static String of(CopyResult copied) {
    if (copied.refresh().isEmpty()) {
      return copied.totalRows() + " rows re-imported";
    }
    List<TableRefresh> byKey = copied.refresh().stream().filter(t -> !t.copiedWhole()).toList();
    List<TableRefresh> whole = copied.refresh().stream().filter(TableRefresh::copiedWhole).toList();
    StringBuilder text = new StringBuilder();
    if (!byKey.isEmpty()) {
      text.append(copied.changedKeys()).append(" changed keys applied to ").append(byKey.size())
          .append(byKey.size() == 1 ? " table" : " tables").append(" in ").append(copied.applyMillis()).append(" ms");
    }
    if (!whole.isEmpty()) {
      text.append(text.isEmpty() ? "" : "; ").append("copied whole: ").append(whole.stream()
          .map(t -> t.table() + " (" + t.wholeBecause() + ")").collect(Collectors.joining(", ")));
    }
    return text.toString();
  }
}
