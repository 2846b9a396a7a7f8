package com.upgradectl.workflows.common;

import java.time.Instant;
import java.util.List;

/**
 * Sent by a running activity to its workflow so the UI's current details and `watch` can show progress.
 * The times are the activity's own clock, so a rate from them is the work's, whenever one looks.
 *
 * @param step what the activity is doing now, e.g. "import: copying", "import: verifying"
 * @param startedAt when this activity attempt began its work (null from workers before it was sent)
 * @param stepStartedAt when it began {@code step}
 * @param reportedAt when this report was made
 * @param rowsAtStart rows already in place when the attempt began (a retry resumes after them): not
 *     counted in its rate
 */
public record ProgressReport(String step, List<TableProgress> tables, Instant startedAt, Instant stepStartedAt,
    Instant reportedAt, long rowsAtStart) {

  /** A report without times (the shape workers sent before). */
  public ProgressReport(String step, List<TableProgress> tables) {
    this(step, tables, null, null, null, 0);
  }
}
