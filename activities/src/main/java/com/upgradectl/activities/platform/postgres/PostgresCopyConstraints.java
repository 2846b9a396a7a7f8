package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pilot's foreign keys during an import: dropped so tables load in any order and in parallel,
 * recorded in the pilot itself first (so an import that crashes still knows them), put back after
 * the load, checking every row. The pilot's own triggers sleep meanwhile ({@link PostgresLoadTriggers}).
 */
final class PostgresCopyConstraints {
  private static final Logger log = LoggerFactory.getLogger(PostgresCopyConstraints.class);

  private PostgresCopyConstraints() {}

  /**
   * Readies the pilot for loading, in one transaction: records and drops every foreign key from or to
   * the tables, and — unless an earlier attempt already started (the record table exists) — empties
   * the tables of whatever the schema scripts put there, so production's rows replace them.
   *
   * @return true when an earlier attempt had started: the tables' rows are its committed chunks
   */
  static boolean prepareImport(Connection pilot, List<TableInfo> tables) throws SQLException {
    String schema = PostgresCatalog.currentSchema(pilot);
    pilot.setAutoCommit(false);
    try {
      boolean resuming = PostgresCatalog.tableExists(pilot, schema, PostgresCopySql.PENDING_CONSTRAINTS);
      PostgresCopyJdbc.execute(pilot, PostgresCopySql.createPendingConstraints(schema));
      List<ForeignKeyInfo> keys = PostgresCatalog.foreignKeysTouching(pilot, tables);
      try (PreparedStatement record = pilot.prepareStatement(PostgresCopySql.recordPendingConstraint(schema))) {
        for (ForeignKeyInfo key : keys) {
          record.setString(1, key.schema());
          record.setString(2, key.table());
          record.setString(3, key.name());
          record.setString(4, key.definition());
          record.executeUpdate();
        }
      }
      for (ForeignKeyInfo key : keys) {
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.dropConstraint(key.schema(), key.table(), key.name()));
      }
      int triggers = PostgresLoadTriggers.quiet(pilot, schema, tables);
      if (!resuming && !tables.isEmpty()) {
        PostgresCopyJdbc.execute(pilot, PostgresCopySql.truncate(
            tables.stream().map(t -> new String[] {t.schema(), t.name()}).toList()));
      }
      pilot.commit();
      log.info("pilot ready for import: {} foreign key(s) recorded and dropped, {} trigger(s) disabled{}",
          keys.size(), triggers, resuming ? ", resuming an earlier attempt" : ", tables emptied");
      return resuming;
    } catch (SQLException | RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      pilot.setAutoCommit(true);
    }
  }

  /**
   * Puts back every recorded foreign key, each validating all rows, then forgets the record. A key
   * already back (an earlier attempt got that far) is only forgotten.
   *
   * @throws ApplicationFailure VerificationFailed naming the constraint when the copied rows break it
   */
  static void restore(Connection pilot) throws SQLException {
    String schema = PostgresCatalog.currentSchema(pilot);
    PostgresLoadTriggers.wake(pilot, schema);
    if (!PostgresCatalog.tableExists(pilot, schema, PostgresCopySql.PENDING_CONSTRAINTS)) {
      return;
    }
    record Pending(String schema, String table, String name, String definition) {}
    List<Pending> pending = new ArrayList<>();
    try (PreparedStatement s = pilot.prepareStatement(PostgresCopySql.pendingConstraints(schema));
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        pending.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    for (Pending key : pending) {
      pilot.setAutoCommit(false);
      try {
        if (!PostgresCatalog.constraintExists(pilot, key.schema(), key.table(), key.name())) {
          PostgresCopyJdbc.execute(pilot,
              PostgresCopySql.addConstraint(key.schema(), key.table(), key.name(), key.definition()));
        }
        try (PreparedStatement forget = pilot.prepareStatement(PostgresCopySql.forgetPendingConstraint(schema))) {
          forget.setString(1, key.schema());
          forget.setString(2, key.table());
          forget.setString(3, key.name());
          forget.executeUpdate();
        }
        pilot.commit();
      } catch (SQLException e) {
        pilot.rollback();
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
          throw ApplicationFailure.newNonRetryableFailureWithCause(
              "the imported rows of pilot table " + key.table() + " break its foreign key " + key.name() + " ("
                  + key.definition() + "): " + e.getMessage().strip() + " — the constraint stays recorded in "
                  + PostgresCopySql.PENDING_CONSTRAINTS + " and is not in force",
              FailureTypes.VERIFICATION, e);
        }
        throw e;
      } finally {
        pilot.setAutoCommit(true);
      }
    }
    PostgresCopyJdbc.execute(pilot, PostgresCopySql.dropPendingConstraints(schema));
    log.info("{} foreign key(s) put back and validated", pending.size());
  }
}
