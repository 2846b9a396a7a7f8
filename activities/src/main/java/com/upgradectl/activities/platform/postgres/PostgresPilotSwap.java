package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.util.PSQLException;

/**
 * The pilot's one transaction that replaces data-record rows (a whole resync's swap, an incremental
 * refresh): how it starts, and what its failures mean to the operator. Either way the pilot is left
 * as it was.
 */
final class PostgresPilotSwap {
  /** How long the swap waits for the pilot's sessions to release the data tables. */
  static final int LOCK_TIMEOUT_SECONDS = 60;

  private PostgresPilotSwap() {}

  /** On a connection whose transaction has begun (autocommit off). */
  static void begin(Connection pilot) throws SQLException {
    try (Statement s = pilot.createStatement()) {
      // A tester's long transaction must not hold the swap (and every reader queued behind it) forever.
      s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'");
      s.execute("SET CONSTRAINTS ALL DEFERRED");
    }
  }

  /** A broken reference or a lock held too long, said in the operator's words; anything else as it is. */
  static RuntimeException translate(SQLException e, PostgresCopyRun run) {
    return translate(e, null, run);
  }

  /** @param table the table being written when it failed, if known */
  static RuntimeException translate(SQLException e, String table, PostgresCopyRun run) {
    if ("23503".equals(e.getSQLState())) {
      return referenceBroken(e, table, run);
    }
    if ("55P03".equals(e.getSQLState())) {
      return ApplicationFailure.newFailureWithCause("a session of pilot database " + run.job().pilot()
          + " held a lock on the data tables for more than " + LOCK_TIMEOUT_SECONDS + " s (an open transaction?);"
          + " the pilot was left as it was and the refresh will try again", CopyFailures.DATABASE_ERROR, e);
    }
    return run.failure(e, "replacing the pilot's data-record rows");
  }

  /** Production's data refers to a row the pilot no longer has (e.g. a category the operator deleted). */
  private static ApplicationFailure referenceBroken(SQLException e, String table, PostgresCopyRun run) {
    String constraint = e instanceof PSQLException p && p.getServerErrorMessage() != null
        ? p.getServerErrorMessage().getConstraint() : null;
    String detail = e instanceof PSQLException p && p.getServerErrorMessage() != null
        ? p.getServerErrorMessage().getDetail() : e.getMessage();
    return ApplicationFailure.newNonRetryableFailureWithCause(
        "cannot replace the pilot's data tables: production's rows" + (table == null ? "" : " of table " + table)
            + " break foreign key " + constraint + " in pilot database " + run.job().pilot() + " (" + detail
            + "). Production's data refers to a row the pilot's configuration no longer has; restore it in the"
            + " pilot or fix the data in production. The pilot was left as it was.",
        FailureTypes.PRECONDITION, e);
  }
}
