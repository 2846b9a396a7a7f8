package com.upgradectl.cli;

import com.upgradectl.workflows.common.StepProgress;
import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the step under way stands, from the workflow's status alone: what it is doing (copying,
 * verifying...), rows done of the total, and the rate and time left measured from the work's own
 * start by the worker's clock, so they are the same whenever `watch` attaches.
 *
 * @param doing the stage without the operation's name ("copying" of "import: copying"); null when unknown
 * @param copying whether rows are moving: a stage that copies (copying, applying changes; any stage from
 *     workers that do not say) with some table not done yet. Checking and verifying move none, even
 *     where the tables are marked done only at the very end (a refresh by changed keys).
 * @param elapsed from the work's start to its latest report; empty without times (older workers)
 */
record ProgressPace(String doing, boolean copying, long rowsDone, long rowsTotal, OptionalLong rowsPerSecond,
    Optional<Duration> remaining, Optional<Duration> elapsed) {

  static ProgressPace of(PilotStatus status) {
    List<TableProgress> tables = StatusText.nullToEmpty(status.progress());
    long done = StatusText.totalDone(tables);
    long total = StatusText.totalRows(tables);
    StepProgress step = status.stepProgress();
    boolean copying = !tables.isEmpty() && tables.stream().anyMatch(t -> !t.done())
        && movesRows(step == null ? null : stage(step.doing()));
    if (step == null || step.workStartedAt() == null || step.reportedAt() == null) {
      return new ProgressPace(step == null ? null : stage(step.doing()), copying, done, total, OptionalLong.empty(),
          Optional.empty(), Optional.empty());
    }
    Duration elapsed = Duration.between(step.workStartedAt(), step.reportedAt());
    long moved = done - step.rowsAtStart();
    OptionalLong rate = elapsed.toMillis() > 0 && moved > 0
        ? OptionalLong.of(Math.round(moved * 1000.0 / elapsed.toMillis())) : OptionalLong.empty();
    // a total no larger than what is done is no total at all (rows by changed key are counted as they come)
    Optional<Duration> remaining = copying && total > done && rate.isPresent() && rate.getAsLong() > 0
        ? Optional.of(Duration.ofSeconds((long) Math.ceil(Math.max(0, total - done) / (double) rate.getAsLong())))
        : Optional.empty();
    return new ProgressPace(stage(step.doing()), copying, done, total, rate, remaining, Optional.of(elapsed));
  }

  static boolean movesRows(String stage) {
    return stage == null || stage.startsWith("copying") || stage.startsWith("applying");
  }

  /** "import: verifying" reads "verifying": the step's own name already says which operation. */
  static String stage(String doing) {
    if (doing == null) {
      return null;
    }
    int colon = doing.indexOf(": ");
    return colon >= 0 ? doing.substring(colon + 2) : doing;
  }

  /** "4,636 rows/s, about 12 s left", or "" while nothing can be measured. */
  String rateText() {
    if (rowsPerSecond.isEmpty()) {
      return "";
    }
    return Figures.count(rowsPerSecond.getAsLong()) + " rows/s"
        + remaining.map(left -> ", about " + Figures.seconds(left.toMillis()) + " left").orElse("");
  }
}
