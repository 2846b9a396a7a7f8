package com.upgradectl.workflows.pilot;

import java.time.Instant;
import java.util.List;

/**
 * What the pilot holds and what happened to the last request, kept for the screens that show the
 * pilot at rest (the Temporal UI's current details, `status`); carried over continue-as-new.
 *
 * @param importedAt when the import finished
 * @param refreshedAt when the last verified refresh finished, null before the first
 * @param refreshedRows rows re-imported or applied by that refresh
 * @param warnings what preflight warned about (e.g. a production table the package does not read)
 * @param lastRefusal the last request refused after it was accepted (a switch a guardrail refused),
 *     with when and why; null when none was, or a later request went ahead
 */
public record PilotFacts(
    Instant importedAt,
    int importedTables,
    long importedRows,
    Instant refreshedAt,
    long refreshedRows,
    List<String> warnings,
    String lastRefusal) {

  public PilotFacts {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  PilotFacts refreshed(Instant at, long rows) {
    return new PilotFacts(importedAt, importedTables, importedRows, at, rows, warnings, lastRefusal);
  }

  PilotFacts refused(String refusal) {
    return new PilotFacts(importedAt, importedTables, importedRows, refreshedAt, refreshedRows, warnings, refusal);
  }
}
