package com.upgradectl.activities.copy;

import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where the copier's failures become what the workflow sees: a message naming the
 * table and database, the SQLState, and whether a retry can help.
 */
public final class CopyFailures {
  /** A failure a retry may cure: connection lost, server shutting down, deadlock, lock timeout. */
  public static final String DATABASE_ERROR = "DatabaseError";

  private CopyFailures() {}

  /**
   * Refuses (PreconditionFailed) a resync that would delete rows other tables still refer to: a
   * resync replaces every row of the data tables, so a table outside them must not point into them.
   */
  public static void refuseReferencesIntoDataTables(Collection<String> dataTables, List<ForeignKeyInfo> keys) {
    List<String> refused = keys.stream()
        .filter(k -> dataTables.contains(k.referencedTable()) && !dataTables.contains(k.table()))
        .map(k -> "table " + k.table() + " refers to data table " + k.referencedTable() + " through constraint "
            + k.name())
        .toList();
    if (!refused.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("cannot replace the pilot's data tables: " + String.join("; ", refused)
          + ". A resync replaces every row of the data tables; classify the referring table as data, or drop the"
          + " constraint in the pilot. Nothing was changed.", FailureTypes.PRECONDITION);
    }
  }

  /**
   * @param doing what was being done, naming the table and database ("copying table tickets from
   *     production database shop")
   */
  public static ApplicationFailure translate(SQLException e, String doing) {
    return translate(e, doing, bySqlState(e));
  }

  /**
   * As {@link #translate(SQLException, String)}, with the platform's own judgement of the error.
   *
   * @param nonRetryableType the failure type when a retry cannot help; null when it may
   */
  public static ApplicationFailure translate(SQLException e, String doing, String nonRetryableType) {
    String state = e.getSQLState() == null ? "none" : e.getSQLState();
    String code = e.getErrorCode() == 0 ? "" : ", error " + e.getErrorCode();
    String message = doing + " failed: " + firstLines(e.getMessage()) + " [SQLState " + state + code + "]";
    String type = nonRetryableType;
    return type == null
        ? ApplicationFailure.newFailureWithCause(message, DATABASE_ERROR, e)
        : ApplicationFailure.newNonRetryableFailureWithCause(message, type, e);
  }

  /**
   * Errors in the statements the package contributes (expressions, filters) or in the values they
   * produce repeat on every retry: they are the package's or the data's, not the moment's.
   */
  public static String bySqlState(SQLException e) {
    String state = e.getSQLState() == null ? "none" : e.getSQLState();
    if (state.length() < 2) {
      return null;
    }
    return switch (state.substring(0, 2)) {
      case "42", "0A", "22", "23", "2B", "44" -> FailureTypes.BAD_INPUT;
      case "3D" -> FailureTypes.PRECONDITION; // no such database
      default -> null;
    };
  }

  public static ApplicationFailure mapping(MappingException e) {
    return ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), FailureTypes.BAD_INPUT, e);
  }

  public static ApplicationFailure verification(String what, VerificationReport report) {
    String tables = report.mismatches().stream().map(CopyFailures::describe).collect(Collectors.joining("; "));
    return ApplicationFailure.newNonRetryableFailure(
        what + ": " + report.mismatches().size() + " table(s) differ from their source: " + tables,
        FailureTypes.VERIFICATION);
  }

  private static String describe(TableCheck check) {
    return check.table() + " (rows " + check.expectedRows() + " expected, " + check.actualRows() + " found"
        + (check.expectedChecksum().equals(check.actualChecksum()) ? "" : ", checksums differ") + ")";
  }

  private static String firstLines(String message) {
    if (message == null) {
      return "(no message)";
    }
    String flat = message.strip().replaceAll("\\s*\\n\\s*", " | ");
    return flat.length() > 1000 ? flat.substring(0, 1000) + "..." : flat;
  }
}
