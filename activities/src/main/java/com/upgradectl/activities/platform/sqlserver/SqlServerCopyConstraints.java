package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyCatalog.TableObject;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Destination;
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
 * The pilot's constraints and triggers during an import: disabled (NOCHECK, DISABLE TRIGGER) so
 * tables load in any order, in parallel, without the pilot's triggers firing on production's rows;
 * recorded in the pilot itself first (so an import that crashes still knows what to enable again),
 * enabled again after the load WITH CHECK — every row checked, so the optimizer trusts the
 * constraints — and the trust then read back from sys.foreign_keys / sys.check_constraints.
 * Constraints and triggers the schema scripts left disabled stay disabled.
 */
final class SqlServerCopyConstraints {
  static final String CONSTRAINT = "constraint";
  static final String TRIGGER = "trigger";
  private static final Logger log = LoggerFactory.getLogger(SqlServerCopyConstraints.class);

  private SqlServerCopyConstraints() {}

  /**
   * Readies the pilot for loading, in one transaction: records and disables the tables' enabled
   * constraints and triggers, and — unless an earlier attempt already started (the record table
   * exists) — empties the tables of whatever the schema scripts put there.
   *
   * @return true when an earlier attempt had started: the tables' rows are its committed chunks
   */
  static boolean prepareImport(Connection pilot, List<TableInfo> tables) throws SQLException {
    String schema = SqlServerCopyCatalog.defaultSchema(pilot);
    pilot.setAutoCommit(false);
    try {
      boolean resuming = SqlServerCopyCatalog.tableExists(pilot, schema, SqlServerCopyStatements.PENDING_TABLE);
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.createPending(schema));
      List<TableObject> constraints = SqlServerCopyCatalog.enabledConstraints(pilot, tables);
      List<TableObject> triggers = SqlServerCopyCatalog.enabledTriggers(pilot, tables);
      record(pilot, schema, CONSTRAINT, constraints);
      record(pilot, schema, TRIGGER, triggers);
      for (TableObject c : constraints) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.disableConstraint(c.schema(), c.table(), c.name()));
      }
      for (TableObject t : triggers) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.disableTrigger(t.schema(), t.table(), t.name()));
      }
      if (!resuming) {
        for (TableInfo table : tables) {
          SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.deleteAll(new Destination(table.schema(), table.name())));
        }
      }
      pilot.commit();
      log.info("pilot ready for import: {} constraint(s) and {} trigger(s) recorded and disabled{}", constraints.size(),
          triggers.size(), resuming ? ", resuming an earlier attempt" : ", tables emptied");
      return resuming;
    } catch (SQLException | RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      pilot.setAutoCommit(true);
    }
  }

  /**
   * Enables every recorded constraint WITH CHECK and every recorded trigger, each forgotten in the
   * same transaction, then proves the constraints trusted and drops the record.
   *
   * @throws ApplicationFailure VerificationFailed naming the constraint the copied rows break, or the
   *     constraints the server still does not trust
   */
  static void restore(Connection pilot, List<TableInfo> tables) throws SQLException {
    String schema = SqlServerCopyCatalog.defaultSchema(pilot);
    if (!SqlServerCopyCatalog.tableExists(pilot, schema, SqlServerCopyStatements.PENDING_TABLE)) {
      return;
    }
    record Pending(String kind, TableObject object) {}
    List<Pending> pending = new ArrayList<>();
    try (PreparedStatement s = pilot.prepareStatement(SqlServerCopyStatements.pending(schema));
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        pending.add(new Pending(rs.getString(1), new TableObject(rs.getString(2), rs.getString(3), rs.getString(4))));
      }
    }
    for (Pending p : pending) {
      TableObject o = p.object();
      pilot.setAutoCommit(false);
      try {
        SqlServerCopyJdbc.execute(pilot, CONSTRAINT.equals(p.kind())
            ? SqlServerCopyStatements.enableConstraint(o.schema(), o.table(), o.name())
            : SqlServerCopyStatements.enableTrigger(o.schema(), o.table(), o.name()));
        try (PreparedStatement forget = pilot.prepareStatement(SqlServerCopyStatements.forgetPending(schema))) {
          forget.setString(1, p.kind());
          forget.setString(2, o.schema());
          forget.setString(3, o.table());
          forget.setString(4, o.name());
          forget.executeUpdate();
        }
        pilot.commit();
      } catch (SQLException e) {
        pilot.rollback();
        // 547: the rows conflict with the constraint.
        if (e.getErrorCode() == 547) {
          throw ApplicationFailure.newNonRetryableFailureWithCause("the imported rows of pilot table " + o.table()
              + " break its constraint " + o.name() + ": " + e.getMessage().strip() + " — the constraint stays recorded in "
              + SqlServerCopyStatements.PENDING_TABLE + " and is not in force", FailureTypes.VERIFICATION, e);
        }
        throw e;
      } finally {
        pilot.setAutoCommit(true);
      }
    }
    List<String> recorded = pending.stream().filter(p -> CONSTRAINT.equals(p.kind()))
        .map(p -> p.object().table() + "." + p.object().name()).toList();
    List<String> untrusted = SqlServerCopyCatalog.untrustedConstraints(pilot, tables).stream()
        .filter(recorded::contains).toList();
    if (!untrusted.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("constraints enabled WITH CHECK are still not trusted by the"
          + " server (sys.foreign_keys / sys.check_constraints is_not_trusted = 1): " + String.join(", ", untrusted),
          FailureTypes.VERIFICATION);
    }
    SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.dropPending(schema));
    log.info("{} constraint(s) checked and trusted, {} trigger(s) enabled again", recorded.size(),
        pending.size() - recorded.size());
  }

  /** Identity columns continue after production's highest id; statistics describe the new rows. */
  static void finishTables(Connection pilot, List<TableInfo> tables) throws SQLException {
    for (TableInfo table : tables) {
      if (SqlServerCopyCatalog.hasIdentity(pilot, table.schema(), table.name())) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.reseedIdentity(table.schema(), table.name()));
      }
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.updateStatistics(table.schema(), table.name()));
    }
  }

  private static void record(Connection pilot, String schema, String kind, List<TableObject> objects) throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement(SqlServerCopyStatements.recordPending(schema))) {
      for (TableObject o : objects) {
        s.setString(1, kind);
        s.setString(2, o.schema());
        s.setString(3, o.table());
        s.setString(4, o.name());
        s.executeUpdate();
      }
    }
  }
}
