package com.upgradectl.activities.pilot;

import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.pilot.ChangeTracking;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.SwitchBackActivities;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import com.upgradectl.workflows.pilot.SwitchGuardrails;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Recording the writes to the new production and listing them for a switch-back, on the plan's platform. */
public final class SwitchBackActivitiesImpl implements SwitchBackActivities {
  /**
   * Rows listed with their text per table in the report (which travels in workflow history and
   * status); the counts are always complete and the full record stays in the switched database.
   */
  public static final int LISTED_ROWS_PER_TABLE = 200;
  /**
   * The statements listed in one report, all tables together, in characters: the report is an
   * activity result, and Temporal refuses payloads of a few MB (wide rows, large texts or bytea).
   */
  public static final int LISTED_CHARACTERS = 512 * 1024;
  /** A single row's statement longer than this is named by its key only. */
  public static final int LISTED_CHARACTERS_PER_ROW = 32 * 1024;

  private static final Logger log = LoggerFactory.getLogger(SwitchBackActivitiesImpl.class);

  private final DatabaseServers servers;
  private final int listedRowsPerTable;

  public SwitchBackActivitiesImpl(DatabaseServers servers) {
    this(servers, LISTED_ROWS_PER_TABLE);
  }

  public SwitchBackActivitiesImpl(DatabaseServers servers, int listedRowsPerTable) {
    if (listedRowsPerTable < 0) {
      throw new IllegalArgumentException("listedRowsPerTable must be zero or more, was " + listedRowsPerTable);
    }
    this.servers = servers;
    this.listedRowsPerTable = listedRowsPerTable;
  }

  @Override
  public ChangeTracking startChangeTracking(DatabaseRef database, List<String> tables) {
    if (tables == null || tables.isEmpty()) {
      throw Failures.badInput("no tables to record the writes of in " + database.database());
    }
    String since = servers.of(database.serverProfile()).startRecordingChanges(database.database(), tables);
    return new ChangeTracking(database.database(), tables, since);
  }

  @Override
  public void stopChangeTracking(DatabaseRef database) {
    servers.of(database.serverProfile()).stopRecordingChanges(database.database());
  }

  @Override
  public SwitchGuardrails checkSwitchBackGuardrails(PilotPlan plan, ChangeTracking tracking) {
    DatabaseServer server = servers.of(plan.serverProfile());
    String profile = plan.serverProfile();
    List<String> refusals = new ArrayList<>();
    String production = plan.productionDatabase();
    if (tracking == null) {
      refusals.add("the switch recorded no position to list the writes from (was it made without a grace period?)");
    } else if (!server.databaseExists(production)) {
      refusals.add("production database " + production + " (the switched database) does not exist on profile " + profile);
    } else if (!server.recordsChanges(production, tracking.tables())) {
      refusals.add("production database " + production + " does not record its writes since the switch (its "
          + "recording was removed?): the rows written since the switch could not be listed");
    }
    if (!server.databaseExists(plan.archiveDatabase())) {
      refusals.add("archive database " + plan.archiveDatabase() + " does not exist on profile " + profile);
    }
    String aside = plan.switchedBackDatabase();
    try {
      server.validateName("switched-back database", aside);
      if (server.databaseExists(aside)) {
        refusals.add("the name the switched database would get, " + aside + ", is taken on profile " + profile);
      }
    } catch (IllegalArgumentException e) {
      refusals.add(e.getMessage());
    }
    server.freezeRefusal().ifPresent(refusals::add);
    return new SwitchGuardrails(refusals, List.of());
  }

  @Override
  public SwitchBackReport changesSinceSwitch(PilotPlan plan, ChangeTracking tracking) {
    DatabaseServer server = servers.of(plan.serverProfile());
    List<SwitchBackReport.TableChanges> tables = withinBudget(server.changesSince(plan.productionDatabase(),
        tracking.tables(), tracking.since(), listedRowsPerTable), plan.switchedBackDatabase());
    SwitchBackReport report = new SwitchBackReport(plan.switchedBackDatabase(), tables, listedRowsPerTable,
        server.changeRecordQuery());
    log.info("rows written to {} on profile {} since the switch: {}", plan.productionDatabase(), plan.serverProfile(),
        tables.stream().map(t -> t.table() + " +" + t.inserted() + " ~" + t.updated() + " -" + t.deleted()).toList());
    return report;
  }

  /**
   * Keeps the listed statements within {@link #LISTED_CHARACTERS}; the counts stay complete, and what
   * is not listed is in the switched database's own record.
   */
  static List<SwitchBackReport.TableChanges> withinBudget(List<SwitchBackReport.TableChanges> tables, String kept) {
    long budget = LISTED_CHARACTERS;
    List<SwitchBackReport.TableChanges> bounded = new ArrayList<>();
    for (SwitchBackReport.TableChanges table : tables) {
      List<SwitchBackReport.RowChange> rows = new ArrayList<>();
      for (SwitchBackReport.RowChange row : table.rows()) {
        SwitchBackReport.RowChange listed = row.statement() != null && row.statement().length() > LISTED_CHARACTERS_PER_ROW
            ? new SwitchBackReport.RowChange(row.kind(), row.key(), "-- not listed: its SQL is " + row.statement().length()
                + " characters long; read the row by its key in " + kept)
            : row;
        long size = listed.key().length() + (listed.statement() == null ? 0 : listed.statement().length());
        if (size > budget) {
          break;
        }
        budget -= size;
        rows.add(listed);
      }
      bounded.add(new SwitchBackReport.TableChanges(table.table(), table.keyColumns(), table.inserted(), table.updated(),
          table.deleted(), rows));
    }
    return bounded;
  }
}
