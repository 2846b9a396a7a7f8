package com.upgradectl.activities.platform.postgres;

import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds one object an import took off the pilot, and forgets its record in the same transaction. */
final class PostgresRebuild {
  private static final Logger log = LoggerFactory.getLogger(PostgresRebuild.class);
  private static final String DEADLOCK = "40P01";
  /** A build orphaned by a killed worker finished first: the object is there. */
  private static final Set<String> ALREADY_EXISTS = Set.of("42P07", "42710");

  private PostgresRebuild() {}

  /** @return false when the server chose this build to break a deadlock (nothing changed; try again) */
  static boolean build(Connection pilot, String schema, PostgresSetAside aside) throws SQLException {
    long started = System.nanoTime();
    pilot.setAutoCommit(false);
    try {
      boolean built = false;
      if (!present(pilot, aside)) {
        for (String statement : aside.buildStatements()) {
          PostgresCopyJdbc.execute(pilot, statement);
        }
        if (aside.commentStatement() != null) {
          PostgresCopyJdbc.execute(pilot, aside.commentStatement());
        }
        built = true;
      }
      PostgresSetAsideRecord.forget(pilot, schema, aside);
      pilot.commit();
      log.info("{} {} in {} ms", aside, built ? "built" : "was already there", (System.nanoTime() - started) / 1_000_000);
      return true;
    } catch (SQLException e) {
      pilot.rollback();
      if (DEADLOCK.equals(e.getSQLState())) {
        return false;
      }
      if (ALREADY_EXISTS.contains(e.getSQLState()) && present(pilot, aside)) {
        return build(pilot, schema, aside);
      }
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        throw ApplicationFailure.newNonRetryableFailureWithCause(
            "the imported rows of pilot table " + aside.table() + " break its " + aside.kind().recorded + " "
                + aside.name() + " (" + aside.definition() + "): " + e.getMessage().strip() + " — it stays recorded in "
                + PostgresCopySql.PENDING_CONSTRAINTS + " and is not in force",
            FailureTypes.VERIFICATION, e);
      }
      throw e;
    } finally {
      pilot.setAutoCommit(true);
    }
  }

  /**
   * Whether the object is already there. An index left invalid (only a concurrent build leaves one)
   * is dropped so it is built again whole.
   */
  private static boolean present(Connection pilot, PostgresSetAside aside) throws SQLException {
    if (aside.kind().isConstraint()) {
      return PostgresCatalog.constraintExists(pilot, aside.schema(), aside.table(), aside.name());
    }
    Optional<Boolean> valid = PostgresCatalog.indexValid(pilot, aside.schema(), aside.name());
    if (valid.isPresent() && !valid.get()) {
      PostgresCopyJdbc.execute(pilot, aside.dropStatement());
      return false;
    }
    return valid.isPresent();
  }
}
