package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.StepProgress;
import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What `watch` shows while a step runs: the stage under way (copying, then verifying) rather than a
 * full bar, rates and time left from the work's own start as the worker reported it, whole numbers.
 */
class WatchProgressTest {
  private static final Instant BEGAN = Instant.parse("2030-05-01T10:00:00Z");

  /** Attached ten seconds into the copy: half of the rows are done. */
  private static final PilotStatus COPYING = status("import: copying", 10, 0,
      new TableProgress("tickets", 50_000, 100_000, 5_000_000, false));
  private static final PilotStatus VERIFYING = status("import: verifying", 20, 0,
      new TableProgress("tickets", 100_000, 100_000, 10_000_000, true));
  private static final PilotStatus READY = new PilotStatus(null, PilotPhase.READY, null, null, 0, List.of(), List.of(),
      List.of(), List.of(), null);

  @Test
  void theRateAndTimeLeftAreTheWorksOwnAndWholeNumbers() {
    ProgressPace pace = ProgressPace.of(COPYING);

    assertThat(pace.doing()).isEqualTo("copying");
    assertThat(pace.rowsPerSecond()).hasValue(5_000);
    assertThat(pace.remaining()).hasValue(Duration.ofSeconds(10));
    assertThat(pace.rateText()).isEqualTo("5,000 rows/s, about 10.0 s left");

    PilotStatus resumed = status("import: copying", 10, 40_000, new TableProgress("tickets", 50_000, 100_000, 1, false));
    assertThat(ProgressPace.of(resumed).rowsPerSecond()).as("rows found done by a retried attempt are not its rate")
        .hasValue(1_000);
    assertThat(ProgressPace.of(VERIFYING).remaining()).as("nothing is left to copy while verifying").isEmpty();
  }

  @Test
  void linesNameTheStageAndSayWhatTheCopyDidWhenItEnds() {
    StringWriter printed = new StringWriter();
    try (LineProgressView view = new LineProgressView(new PrintWriter(printed))) {
      view.show(COPYING);
      view.show(VERIFYING);
      view.show(READY);
    }

    assertThat(printed.toString()).isEqualTo("""
        phase CREATING
          import all tables
            copying
            tickets: done, 100,000 rows, 10.0 MB
            100,000 rows after 20.0 s, 5,000 rows/s
            verifying
        phase READY
        """);
  }

  @Test
  void theBarIsForCopyingAndVerifyingIsShownAsWhatRuns() {
    StringWriter printed = new StringWriter();
    ByteArrayOutputStream bars = new ByteArrayOutputStream();
    try (BarProgressView view = new BarProgressView(new PrintWriter(printed),
        new PrintStream(bars, true, StandardCharsets.UTF_8))) {
      view.show(COPYING);
      view.show(VERIFYING);
      view.show(READY);
    }

    assertThat(printed.toString()).isEqualTo("""
        phase CREATING: import all tables (copying)
        phase CREATING: import all tables (verifying)
        phase READY
        """);
    String frames = bars.toString(StandardCharsets.UTF_8);
    assertThat(frames).contains("import all tables: copying", "100,000/100,000 rows").doesNotContain("verifying")
        .doesNotContain("100000").doesNotContainPattern("\\d\\.\\d rows/s");
  }

  @Test
  void rowsByChangedKeyHaveNoTotalToShow() {
    ByteArrayOutputStream bars = new ByteArrayOutputStream();
    PilotStatus applying = status("resync: applying changes", 3, 0, new TableProgress("tickets", 1_200, 1_200, 1, false));
    PilotStatus unplanned = new PilotStatus(null, PilotPhase.REFRESHING, "re-import data records", null, 0,
        List.of(new TableProgress("tickets", 0, 0, 0, false)), List.of(), List.of(), List.of(), null, null, null,
        List.of(), null, null, null, null, applying.stepProgress());
    try (BarProgressView view = new BarProgressView(new PrintWriter(new StringWriter()),
        new PrintStream(bars, true, StandardCharsets.UTF_8))) {
      view.show(unplanned);
      view.show(new PilotStatus(null, PilotPhase.REFRESHING, "re-import data records", null, 0, applying.progress(),
          List.of(), List.of(), List.of(), null, null, null, List.of(), null, null, null, null, applying.stepProgress()));
    }

    assertThat(bars.toString(StandardCharsets.UTF_8)).as("not a bar full from the start").contains("1,200/? rows");
    assertThat(ProgressPace.of(applying).remaining()).as("no time left made up without a total").isEmpty();
  }

  @Test
  void aRefreshVerifyingBeforeItMarksItsTablesDoneShowsNoBar() {
    StringWriter printed = new StringWriter();
    ByteArrayOutputStream bars = new ByteArrayOutputStream();
    PilotStatus verifying = status("resync: verifying", 5, 0, new TableProgress("tickets", 1_200, 1_200, 1, false));
    try (BarProgressView view = new BarProgressView(new PrintWriter(printed),
        new PrintStream(bars, true, StandardCharsets.UTF_8))) {
      view.show(verifying);
    }

    assertThat(ProgressPace.of(verifying).copying()).isFalse();
    assertThat(printed.toString()).isEqualTo("phase CREATING: import all tables (verifying)\n");
    assertThat(bars.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static PilotStatus status(String doing, int seconds, long rowsAtStart, TableProgress table) {
    StepProgress step = new StepProgress(BEGAN, doing, BEGAN, BEGAN.plusSeconds(doing.endsWith("copying") ? 0 : seconds),
        BEGAN.plusSeconds(seconds), rowsAtStart);
    return new PilotStatus(null, PilotPhase.CREATING, "import all tables", null, 0, List.of(table), List.of(), List.of(),
        List.of(), null, null, null, List.of(), null, null, null, null, step);
  }
}
