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
 * The pilot's constraints, triggers and nonclustered indexes during an import: disabled (NOCHECK,
 * DISABLE TRIGGER, ALTER INDEX ... DISABLE) so tables load in any order, in parallel, without the
 * pilot's triggers firing on production's rows and without writing every index row by row;
 * recorded in the pilot itself first (so an import that crashes still knows what to enable again);
 * after the load the indexes rebuilt (see {@link SqlServerLoadIndexes}), then the constraints
 * enabled WITH CHECK — every row checked, so the optimizer trusts them — and the trust read back
 * from sys.foreign_keys / sys.check_constraints. What the schema scripts left disabled stays so.
 */
final class SqlServerCopyConstraints {
  static final String CONSTRAINT = "constraint";
  static final String TRIGGER = "trigger";
  private static final Logger log = LoggerFactory.getLogger(SqlServerCopyConstraints.class);

  private SqlServerCopyConstraints() {}

  /**
   * Readies the pilot for loading, in one transaction: records and disables the tables' enabled
   * constraints, triggers and load indexes, and — unless an earlier attempt already started (the record table
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
      List<TableObject> indexes = SqlServerCopyCatalog.loadIndexes(pilot, tables);
      record(pilot, schema, CONSTRAINT, constraints);
      record(pilot, schema, TRIGGER, triggers);
      record(pilot, schema, SqlServerLoadIndexes.INDEX, indexes);
      for (TableObject c : constraints) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.disableConstraint(c.schema(), c.table(), c.name()));
      }
      for (TableObject t : triggers) {
        SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.disableTrigger(t.schema(), t.table(), t.name()));
      }
      SqlServerLoadIndexes.disable(pilot, indexes);
      if (!resuming) {
        for (TableInfo table : tables) {
          SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.deleteAll(new Destination(table.schema(), table.name())));
        }
      }
      pilot.commit();
      log.info("pilot ready for import: {} constraint(s), {} trigger(s) and {} index(es) recorded and disabled{}",
          constraints.size(), triggers.size(), indexes.size(), resuming ? ", resuming an earlier attempt" : ", tables emptied");
      return resuming;
    } catch (SQLException | RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      pilot.setAutoCommit(true);
    }
  }

  /**
   * Rebuilds every recorded index, then enables every recorded constraint WITH CHECK and every
   * recorded trigger, each forgotten in the same transaction (a retry goes on with the rest), then
   * proves the constraints trusted and drops the record.
   *
   * @throws ApplicationFailure VerificationFailed naming the constraint or unique index the copied
   *     rows break, or the constraints the server still does not trust
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
    int rebuilt = 0;
    for (Pending p : pending) {
      TableObject o = p.object();
      pilot.setAutoCommit(false);
      try {
        switch (p.kind()) {
          case SqlServerLoadIndexes.INDEX -> rebuilt += SqlServerLoadIndexes.rebuildIfDisabled(pilot, o) ? 1 : 0;
          case CONSTRAINT -> SqlServerCopyJdbc.execute(pilot,
              SqlServerCopyStatements.enableConstraint(o.schema(), o.table(), o.name()));
          default -> SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.enableTrigger(o.schema(), o.table(), o.name()));
        }
        try (PreparedStatement forget = pilot.prepareStatement(SqlServerCopyStatements.forgetPending(schema))) {
          forget.setString(1, p.kind());
          forget.setString(2, o.schema());
          forget.setString(3, o.table());
          forget.setString(4, o.name());
          forget.executeUpdate();
        }
        pilot.commit();
      } catch (SQLException | RuntimeException e) {
        pilot.rollback();
        // 547: the rows conflict with the constraint.
        if (e instanceof SQLException sql && sql.getErrorCode() == 547) {
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
    long triggers = pending.stream().filter(p -> TRIGGER.equals(p.kind())).count();
    log.info("{} index(es) rebuilt, {} constraint(s) checked and trusted, {} trigger(s) enabled again", rebuilt,
        recorded.size(), triggers);
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
        for (int first : new int[] {1, 5}) {
          s.setString(first, kind);
          s.setString(first + 1, o.schema());
          s.setString(first + 2, o.table());
          s.setString(first + 3, o.name());
        }
        s.executeUpdate();
      }
    }
  }
}
