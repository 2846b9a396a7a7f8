package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.postgres.PostgresChangeCapture.TableState;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.workflows.common.PendingChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Starting, stopping and reading the change capture of an upgrade (see {@link PostgresChangeCapture}). */
final class PostgresCaptureControl {
  private PostgresCaptureControl() {}

  /** On production: the source tables of the job's tables. */
  static void start(CopyJob job) {
    try (Connection production = job.production().dataSource().getConnection()) {
      production.setAutoCommit(true);
      List<TableInfo> catalog = PostgresCatalog.tables(production);
      Set<TableInfo> sources = new LinkedHashSet<>();
      for (TableSpec spec : job.tables()) {
        String source = spec.sourceTable() == null || spec.sourceTable().isBlank() ? spec.name() : spec.sourceTable();
        catalog.stream().filter(t -> t.name().equals(source)).findFirst().ifPresent(sources::add);
      }
      PostgresChangeCapture.install(production, List.copyOf(sources), false);
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "starting to capture the writes to production database " + job.production());
    }
  }

  static void stop(CopyJob.Database database) {
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(true);
      PostgresChangeCapture.remove(c, List.of(PostgresIncrementalSql.KEYS_SCHEMA));
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "removing the change capture from database " + database);
    }
  }

  static List<PendingChanges> pending(CopyJob job) {
    try (Connection production = job.production().dataSource().getConnection();
        Connection pilot = job.pilot().dataSource().getConnection()) {
      production.setAutoCommit(true);
      pilot.setAutoCommit(true);
      List<PostgresCopyStatements> tables = PostgresCopyPlanning.plan(production, pilot, job.tables());
      String applied = PostgresChangeCapture.applied(pilot);
      List<PendingChanges> pending = new ArrayList<>();
      if (applied == null) {
        for (PostgresCopyStatements table : tables) {
          pending.add(new PendingChanges(table.plan().name(), 0, table.plan().source().estimatedRows(),
              "the pilot records no read point of production (created without change capture)"));
        }
        return pending;
      }
      Map<String, TableState> atProduction = PostgresChangeCapture.states(production,
          tables.stream().map(t -> t.plan().source()).distinct().toList(), applied, "production");
      Map<String, TableState> atPilot = PostgresChangeCapture.states(pilot,
          tables.stream().map(t -> t.plan().target()).toList(), null, "the pilot");
      Map<String, Long> productionCounts = PostgresChangeCapture.pendingCounts(production, applied);
      Map<String, Long> pilotCounts = PostgresChangeCapture.pendingCounts(pilot, null);
      for (PostgresCopyStatements table : tables) {
        TablePlan plan = table.plan();
        long keys = productionCounts.getOrDefault(plan.source().name(), 0L) + pilotCounts.getOrDefault(plan.name(), 0L);
        String whole = PostgresCopyIncremental.wholeReason(plan, atProduction.get(plan.source().name()),
            atPilot.get(plan.name()));
        if (whole == null && keys >= PostgresCopyIncremental.wholeCopyAt(plan)) {
          whole = PostgresCopyIncremental.tooManyKeys(keys);
        }
        pending.add(new PendingChanges(plan.name(), keys, plan.source().estimatedRows(), whole));
      }
      return pending;
    } catch (SQLException e) {
      throw CopyFailures.translate(e, "reading the changes pending for pilot database " + job.pilot());
    }
  }
}
