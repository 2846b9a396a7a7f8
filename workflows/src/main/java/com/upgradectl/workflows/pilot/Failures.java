package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns failures into the one-line causes operators read in status, history and the workflow's failure. */
public final class Failures {
  private static final Set<String> OUR_TYPES = Set.of(FailureTypes.nonRetryable());

  private Failures() {}

  /** The innermost cause's own message, without Temporal's wrapping ("Activity with activityType=..."). */
  /**
   * A cancelled workflow must end cancelled, not as a failed step: every catch of a step's failure
   * lets cancellation through first.
   */
  public static void rethrowIfCancelled(TemporalFailure failure) {
    if (failure instanceof CanceledFailure) {
      throw failure;
    }
  }

  public static String cause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (root instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType() + ")";
    }
    return root.getMessage();
  }

  /**
   * The failure type the workflow reports: the activity's own type when it is one of ours (so a
   * BadInput from preflight stays BadInput for the CLI), else {@code fallback}.
   */
  public static String type(Throwable failure, String fallback) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApplicationFailure app && OUR_TYPES.contains(app.getType())) {
        return app.getType();
      }
    }
    return fallback;
  }

  /** The per-table checks of a report; none when an activity returned no report. */
  public static List<TableCheck> checks(VerificationReport report) {
    return report == null || report.tables() == null ? List.of() : report.tables();
  }

  /** True when the report exists and every table matches. */
  public static boolean verified(VerificationReport report) {
    return report != null && report.tables() != null && report.allMatch();
  }

  /** Fails non-retryably (VerificationFailed) naming every table that does not match. */
  public static void requireMatch(String what, VerificationReport report) {
    if (!verified(report)) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " does not match production: " + differences(report), FailureTypes.VERIFICATION);
    }
  }

  /** The tables that do not match, e.g. "tickets (99 rows, production has 100), settings (checksum differs)". */
  public static String differences(VerificationReport report) {
    if (report == null || report.tables() == null) {
      return "no verification came back";
    }
    return report.mismatches().stream().map(Failures::describe).collect(Collectors.joining(", "));
  }

  private static String describe(TableCheck check) {
    if (check.expectedRows() != check.actualRows()) {
      return check.table() + " (" + check.actualRows() + " rows, production has " + check.expectedRows() + ")";
    }
    return check.table() + " (checksum differs)";
  }
}
