package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Waits for a started pilot upgrade's preflight, so that `pilot start` fails where the operator is
 * (a missing production database, a taken name) instead of exiting 0 for an upgrade refused a
 * moment later.
 */
final class PreflightVerdict {
  private static final Duration POLL = Duration.ofMillis(300);
  /** A preflight takes a second or two; longer usually means no worker polls the task queue. */
  private static final Duration TELL_AFTER = Duration.ofSeconds(5);

  private PreflightVerdict() {}

  /**
   * @return the preflight's warnings once it passed; empty when it has not answered within the timeout
   * @throws CommandFailure refused (exit 3) with the workflow's own reason when preflight refused the upgrade
   */
  static Optional<List<String>> await(TemporalConnection connection, String workflowId, Duration timeout,
      PrintWriter waiting) {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    boolean told = false;
    while (System.nanoTime() < deadline) {
      PilotStatus status = statusOrNull(connection, workflowId);
      if (status != null && status.phase() == PilotPhase.FAILED) {
        throw CommandFailure.refused(status.failure() == null ? "the upgrade failed in preflight" : status.failure());
      }
      if (status != null && status.phase() != PilotPhase.PREFLIGHT) {
        return Optional.of(warnings(status.history()));
      }
      if (!told && System.nanoTime() - started > TELL_AFTER.toNanos()) {
        waiting.println("waiting for the preflight of " + workflowId + " (a worker must poll its task queue)...");
        waiting.flush();
        told = true;
      }
      sleep();
    }
    return Optional.empty();
  }

  /** The warnings of the "preflight passed" history entry. */
  static List<String> warnings(List<String> history) {
    return HistoryEntry.parseAll(history).stream().filter(e -> e.kind().equals("preflight-passed")).findFirst()
        .map(HistoryEntry::warnings).orElse(List.of());
  }

  /** Null while the query cannot be answered yet (no worker has taken the first workflow task). */
  private static PilotStatus statusOrNull(TemporalConnection connection, String workflowId) {
    try {
      return connection.pilot(workflowId).status();
    } catch (RuntimeException e) {
      if (Failures.classify(e).exitCode() == ExitCodes.TEMPORAL_UNREACHABLE) {
        throw e;
      }
      return null;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CommandFailure.failed("interrupted while waiting for the preflight");
    }
  }
}
