package com.upgradectl.activities.copy;

import com.upgradectl.workflows.common.TableCheck;

/** Pairs the two sides of a table's verification. */
public final class Verification {
  private Verification() {}

  /**
   * @param expected production's rows as the package maps them
   * @param actual the copy
   */
  public static TableCheck check(TablePlan plan, TableSum expected, TableSum actual) {
    return new TableCheck(plan.name(), expected.rows(), actual.rows(), expected.checksum(), actual.checksum(),
        plan.targetColumns());
  }
}
