package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Set;

/**
 * SQL Server's errors in the copier's terms. Its server errors mostly arrive with SQLState S0001,
 * which says nothing: the error number does. Errors of the package's SQL or of the data repeat on
 * every retry and are not retried; deadlocks, lock timeouts and lost connections are.
 */
final class SqlServerCopyFailures {
  /**
   * Syntax (102, 156), unknown or ambiguous names (207, 208, 209), conversions (241, 242, 245, 8114,
   * 8115), NULL into NOT NULL (515), constraints (547), duplicate keys (2601, 2627), truncation (2628,
   * 8152), values a bulk load refused (4815, 4816).
   */
  static final Set<Integer> BAD_INPUT = Set.of(102, 156, 207, 208, 209, 241, 242, 245, 515, 547, 2601, 2627, 2628,
      4815, 4816, 8114, 8115, 8152);
  /** No such database (911, 4060), permission denied (229, 230, 262, 300, 916). */
  static final Set<Integer> PRECONDITION = Set.of(229, 230, 262, 300, 911, 916, 4060);

  private SqlServerCopyFailures() {}

  static ApplicationFailure translate(SQLException e, String doing) {
    return CopyFailures.translate(e, doing, nonRetryableType(e));
  }

  static String nonRetryableType(SQLException e) {
    if (BAD_INPUT.contains(e.getErrorCode())) {
      return FailureTypes.BAD_INPUT;
    }
    if (PRECONDITION.contains(e.getErrorCode())) {
      return FailureTypes.PRECONDITION;
    }
    // A server error without a number we know (S0001 and the like) may be the moment's: retried.
    return e.getErrorCode() != 0 ? null : CopyFailures.bySqlState(e);
  }
}
