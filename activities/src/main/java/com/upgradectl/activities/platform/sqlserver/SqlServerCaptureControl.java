package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.activities.platform.sqlserver.SqlServerChangeCapture.TableState;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.workflows.common.PendingChanges;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting, stopping and reading the change capture of an upgrade (see {@link SqlServerChangeCapture}). */
final class SqlServerCaptureControl {
  private static final Logger log = LoggerFactory.getLogger(SqlServerCaptureControl.class);

  private SqlServerCaptureControl() {}

  /**
   * On production: Change Tracking for the source tables of the job's tables. The rights are checked
   * first, so a refused capture changes nothing and names every right missing.
   */
  static void start(CopyJob job) {
    SqlServerChangeCapture capture = SqlServerChangeCapture.jdbc();
    try (Connection production = job.production().dataSource().getConnection()) {
      production.setAutoCommit(true);
      List<TableInfo> sources = sources(production, job.tables());
      List<String> missing = missingRights(production, job.tables());
      if (!missing.isEmpty()) {
        throw Failures.precondition("cannot capture the writes to production database " + job.production()
            + " with Change Tracking; the login lacks: " + String.join("; ", missing) + ". Nothing was changed.");
      }
      capture.install(production, sources);
    } catch (SQLException e) {
      throw SqlServerCopyFailures.translate(e, "starting to capture the writes to production database "
          + job.production());
    }
  }

  /** What the login lacks to capture the source tables of {@code tables} (preflight asks it too). */
  static List<String> missingRights(Connection production, List<TableSpec> tables) throws SQLException {
    return SqlServerChangeCapture.jdbc().missingRights(production, sources(production, tables));
  }

  /**
   * Production's version before the import's read point exists, when its writes are captured (else
   * null): every change after it is in the read point or listed by the first refresh.
   */
  static Long versionBeforeReadPoint(CopyJob job) {
    SqlServerChangeCapture capture = SqlServerChangeCapture.jdbc();
    try (Connection production = job.production().dataSource().getConnection()) {
      production.setAutoCommit(true);
      return capture.installed(production) ? capture.currentVersion(production) : null;
    } catch (SQLException e) {
      throw SqlServerCopyFailures.translate(e, "reading the change capture of production database " + job.production());
    }
  }

  /**
   * After a verified import: the pilot's data tables record testers' writes from now on, and the pilot
   * records the versions it reflects (production's from before the import's read point).
   */
  static void startPilot(Connection pilot, List<SqlServerCopyStatements> tables, long productionVersion)
      throws SQLException {
    SqlServerChangeCapture capture = SqlServerChangeCapture.jdbc();
    List<TableInfo> dataTables = tables.stream().filter(t -> t.plan().spec().tableClass() == TableClass.DATA)
        .map(t -> t.plan().target()).toList();
    capture.install(pilot, dataTables);
    pilot.setAutoCommit(false);
    try {
      capture.recordApplied(pilot, productionVersion, capture.currentVersion(pilot));
      pilot.commit();
    } catch (SQLException | RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      pilot.setAutoCommit(true);
    }
  }

  /**
   * From production, or the pilot (the new production after the switch), with the keys kept for the
   * post-switch check. A READ_ONLY database (production frozen for the switch) refuses every change:
   * its capture is left as it is — nobody can write to it, so it records nothing — and named in the log.
   */
  static void stop(CopyJob.Database database) {
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(true);
      if (SqlServerCopyJdbc.count(c, SqlServerCaptureStatements.readOnly()) != 0) {
        log.warn("database {} is READ_ONLY: its Change Tracking is left on (nothing can write to it); once it is"
            + " writable again, stopping the capture removes it", database);
        return;
      }
      SqlServerChangeCapture.jdbc().remove(c);
      List<String> keysTables = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SqlServerIncrementalStatements.keysTables())) {
        while (rs.next()) {
          keysTables.add(rs.getString(1));
        }
      }
      for (String table : keysTables) {
        SqlServerCopyJdbc.execute(c, SqlServerIncrementalStatements.dropKeysTable(table));
      }
      SqlServerCopyJdbc.execute(c, SqlServerIncrementalStatements.dropKeysSchema());
    } catch (SQLException e) {
      throw SqlServerCopyFailures.translate(e, "removing the change capture from database " + database);
    }
  }

  static List<PendingChanges> pending(CopyJob job) {
    SqlServerChangeCapture capture = SqlServerChangeCapture.jdbc();
    try (Connection production = job.production().dataSource().getConnection();
        Connection pilot = job.pilot().dataSource().getConnection()) {
      production.setAutoCommit(true);
      pilot.setAutoCommit(true);
      List<SqlServerCopyStatements> tables = SqlServerCopyPlanning.plan(production, pilot, job.tables(), null);
      long[] applied = capture.applied(pilot);
      List<PendingChanges> pending = new ArrayList<>();
      if (applied == null) {
        for (SqlServerCopyStatements table : tables) {
          pending.add(new PendingChanges(table.plan().name(), 0, table.plan().source().estimatedRows(),
              "the pilot records no Change Tracking version of production (created without change capture)"));
        }
        return pending;
      }
      Map<String, TableState> atProduction = capture.states(production,
          tables.stream().map(t -> t.plan().source()).distinct().toList(), applied[0], "production");
      Map<String, TableState> atPilot = capture.states(pilot, tables.stream().map(t -> t.plan().target()).toList(),
          applied[1], "the pilot");
      for (SqlServerCopyStatements table : tables) {
        TablePlan plan = table.plan();
        String whole = SqlServerRefreshDecision.wholeReason(plan, atProduction.get(plan.source().name()));
        TableState pilotState = atPilot.get(plan.name());
        if (whole == null && !pilotState.trusted()) {
          whole = pilotState.untrustedBecause();
        }
        long keys = 0;
        if (whole == null) {
          keys = capture.changedKeyCount(production, plan.source().schema(), plan.source().name(), applied[0], false)
              + capture.changedKeyCount(pilot, plan.target().schema(), plan.name(), applied[1], true);
          if (keys >= SqlServerRefreshDecision.wholeCopyAt(plan)) {
            whole = SqlServerRefreshDecision.tooManyKeys(keys);
          }
        }
        pending.add(new PendingChanges(plan.name(), keys, plan.source().estimatedRows(), whole));
      }
      return pending;
    } catch (SQLException e) {
      throw SqlServerCopyFailures.translate(e, "reading the changes pending for pilot database " + job.pilot());
    }
  }

  /** The catalog's tables the job's tables are copied from. */
  private static List<TableInfo> sources(Connection production, List<TableSpec> specs) throws SQLException {
    List<TableInfo> catalog = SqlServerCopyCatalog.tables(production);
    Set<TableInfo> sources = new LinkedHashSet<>();
    for (TableSpec spec : specs) {
      String source = spec.sourceTable() == null || spec.sourceTable().isBlank() ? spec.name() : spec.sourceTable();
      catalog.stream().filter(t -> t.name().equals(source)).findFirst().ifPresent(sources::add);
    }
    return List.copyOf(sources);
  }
}
