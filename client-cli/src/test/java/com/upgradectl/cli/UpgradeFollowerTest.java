package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `watch` waits for, and when it says the outcome was a failure. */
class UpgradeFollowerTest {
  private final StringWriter printed = new StringWriter();

  @Test
  void followsCreationUntilThePilotIsReady() throws Exception {
    UpgradeFollower.Outcome outcome = follow(
        status(PilotPhase.PREFLIGHT, null, List.of(), 0, null),
        status(PilotPhase.CREATING, "importing tables",
            List.of(new TableProgress("tickets", 500, 1000, 50_000, false),
                new TableProgress("categories", 10, 10, 1_000, true)), 1, null),
        status(PilotPhase.CREATING, "importing tables",
            List.of(new TableProgress("tickets", 1000, 1000, 100_000, true),
                new TableProgress("categories", 10, 10, 1_000, true)), 1, null),
        status(PilotPhase.READY, null, List.of(), 2, null),
        status(PilotPhase.REFRESHING, "never polled", List.of(), 2, null));

    assertThat(outcome.last().phase()).isEqualTo(PilotPhase.READY);
    assertThat(outcome.failed()).isFalse();
    assertThat(printed.toString()).isEqualTo("""
        phase PREFLIGHT
        phase CREATING
          importing tables
            categories: done, 10 rows, 0.0 MB
            tickets: done, 1,000 rows, 0.1 MB
        phase READY
        """);
  }

  @Test
  void fromReadyWaitsForTheNextWorkToEnd() throws Exception {
    UpgradeFollower.Outcome outcome = follow(
        status(PilotPhase.READY, null, List.of(), 2, null),
        status(PilotPhase.READY, null, List.of(), 2, null),
        status(PilotPhase.REFRESHING, "refreshing data records", List.of(), 2, null),
        status(PilotPhase.READY, null, List.of(), 3, null));

    assertThat(outcome.last().history()).hasSize(3);
    assertThat(outcome.failed()).isFalse();
  }

  @Test
  void aRefreshThatBeganAndEndedBetweenTwoPollsStillEndsTheWatch() throws Exception {
    UpgradeFollower.Outcome outcome = follow(
        status(PilotPhase.READY, null, List.of(), 2, null),
        status(PilotPhase.READY, null, List.of(), 3, null),
        status(PilotPhase.REFRESHING, "never polled", List.of(), 3, null));

    assertThat(outcome.last().phase()).isEqualTo(PilotPhase.READY);
  }

  @Test
  void aSwitchRolledBackToReadyIsAFailure() throws Exception {
    UpgradeFollower.Outcome outcome = follow(
        status(PilotPhase.SWITCHING, "freezing production", List.of(), 3, null),
        status(PilotPhase.READY, null, List.of(), 4, "switch rolled back: rename failed; production is online"));

    assertThat(outcome.failed()).isTrue();
  }

  @Test
  void aFinalPhaseReturnsAtOnce() throws Exception {
    UpgradeFollower.Outcome outcome = follow(
        status(PilotPhase.FAILED, null, List.of(), 1, "creating the pilot failed"),
        status(PilotPhase.READY, "never polled", List.of(), 1, null));

    assertThat(outcome.last().phase()).isEqualTo(PilotPhase.FAILED);
    assertThat(outcome.failed()).isTrue();
  }

  private UpgradeFollower.Outcome follow(PilotStatus... statuses) throws InterruptedException {
    Deque<PilotStatus> script = new ArrayDeque<>(List.of(statuses));
    UpgradeFollower follower = new UpgradeFollower(script::pop, Duration.ZERO);
    try (ProgressView view = new LineProgressView(new PrintWriter(printed, true))) {
      return follower.follow(view);
    }
  }

  private static PilotStatus status(PilotPhase phase, String step, List<TableProgress> progress, int historyLines,
      String failure) {
    List<String> history = java.util.stream.IntStream.range(0, historyLines).mapToObj(i -> "step " + i).toList();
    return new PilotStatus(null, phase, step, null, 0, progress, List.of(), List.of(), history, failure);
  }
}
