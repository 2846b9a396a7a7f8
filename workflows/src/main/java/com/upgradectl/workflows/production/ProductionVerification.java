package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.TableCheck;
import java.util.List;

/**
 * The migrated production checked: its version, its schema against the package's target schema, and
 * each migrated table against production's rows as the package maps them, fingerprinted before the
 * migration (so in place gives exactly what the pilot path gives).
 *
 * @param expectedVersion the package's target version
 * @param detectedVersion what the package's version query gives now (null: the package has none)
 * @param schemaDifferences every difference from the target schema; empty when equal
 * @param tables expected = fingerprinted before the migration (as mapped), actual = now
 */
public record ProductionVerification(
    String expectedVersion,
    String detectedVersion,
    List<String> schemaDifferences,
    List<TableCheck> tables) {

  public ProductionVerification {
    schemaDifferences = schemaDifferences == null ? List.of() : List.copyOf(schemaDifferences);
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  public boolean versionMatches() {
    return detectedVersion == null || detectedVersion.trim().equals(expectedVersion);
  }

  public boolean passed() {
    return versionMatches() && schemaDifferences.isEmpty() && tables.stream().allMatch(TableCheck::matches);
  }

  /** Every reason it did not pass, for the failure message. */
  public List<String> problems() {
    List<String> problems = new java.util.ArrayList<>();
    if (!versionMatches()) {
      problems.add("the version query gives " + detectedVersion + ", expected " + expectedVersion);
    }
    schemaDifferences.forEach(d -> problems.add("schema: " + d));
    for (TableCheck check : tables) {
      if (!check.matches()) {
        problems.add(check.expectedRows() != check.actualRows()
            ? check.table() + " has " + check.actualRows() + " rows, production as mapped had " + check.expectedRows()
            : check.table() + " checksum differs from production's as mapped");
      }
    }
    return problems;
  }
}
