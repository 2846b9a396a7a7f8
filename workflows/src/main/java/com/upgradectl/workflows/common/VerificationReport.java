package com.upgradectl.workflows.common;

import java.util.List;

/** The result of comparing copied tables with their source. */
public record VerificationReport(List<TableCheck> tables) {
  public boolean allMatch() {
    return tables.stream().allMatch(TableCheck::matches);
  }

  public List<TableCheck> mismatches() {
    return tables.stream().filter(t -> !t.matches()).toList();
  }
}
