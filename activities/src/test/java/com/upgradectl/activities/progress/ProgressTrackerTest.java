package com.upgradectl.activities.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.ProgressReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress a copy reports: what it does, since when, and what a resumed attempt found done. */
class ProgressTrackerTest {
  private Instant now = Instant.parse("2030-05-01T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void reportsCarryTheWorksStartTheStagesStartAndTheRowsAResumedAttemptFound() {
    List<ProgressReport> reports = new ArrayList<>();
    ProgressTracker tracker = new ProgressTracker("import: copying", reports::add, clock);
    tracker.planned("tickets", 1000);
    tracker.planned("comments", 50);

    now = now.plusSeconds(2);
    tracker.started("tickets", 400); // a retry resumes after the rows an earlier attempt committed
    now = now.plusSeconds(2);
    tracker.chunk("tickets", 600, 60_000);
    tracker.done("tickets");
    now = now.plusSeconds(1);
    tracker.step("import: verifying");

    ProgressReport copied = reports.get(2);
    assertThat(copied.step()).isEqualTo("import: copying");
    assertThat(copied.startedAt()).isEqualTo(Instant.parse("2030-05-01T10:00:00Z"));
    assertThat(copied.stepStartedAt()).isEqualTo(copied.startedAt());
    assertThat(copied.reportedAt()).isEqualTo(Instant.parse("2030-05-01T10:00:04Z"));
    assertThat(copied.rowsAtStart()).isEqualTo(400);

    ProgressReport verifying = reports.get(reports.size() - 1);
    assertThat(verifying.step()).isEqualTo("import: verifying");
    assertThat(verifying.startedAt()).as("the work's start does not move").isEqualTo(copied.startedAt());
    assertThat(verifying.stepStartedAt()).isEqualTo(Instant.parse("2030-05-01T10:00:05Z"));
    assertThat(verifying.tables()).hasSize(2);
  }
}
