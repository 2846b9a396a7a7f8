package com.upgradectl.bench;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.common.TableRefresh;
import com.upgradectl.workflows.common.VerificationReport;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.ProductionSettings;
import com.upgradectl.workflows.pilot.SwitchActivities;
import com.upgradectl.workflows.pilot.SwitchGuardrails;
import com.upgradectl.workflows.pilot.WriteCounters;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The switch in the order of the pilot workflow's saga ({@code SwitchSaga}), through the real
 * activities, each step timed: with change capture (refresh while production runs, freeze, apply
 * what arrived since, remove the capture) or as upgrades without it (freeze, re-import the
 * data-record tables whole). The downtime is the saga's own freeze figure: from the start of the
 * freeze until the pilot answers under production's name. {@link #undo} is the saga's rollback, so
 * that the same production can be switched again.
 */
final class SwitchRun {
  static final String FREEZE = "freezeProduction";
  static final String LIVE = "rename pilot to production";
  static final String CATCH_UP = "refresh before the freeze";
  static final String FINAL_RESYNC = "final resync (frozen)";
  static final String REMOVE_CAPTURE = "stopChangeCapture (production)";
  static final List<String> STEPS = List.of("checkSwitchGuardrails", "captureProductionSettings", CATCH_UP, FREEZE,
      FINAL_RESYNC, "assertNoWritesSince", REMOVE_CAPTURE, "rename production to archive", "takeOffline (archive)",
      LIVE, "runPostSwitchStatements", "postSwitchCheck");

  /** What one switch took and did. */
  record Result(String name, Figures figures, CopyResult finalResync, ProductionSettings prior, boolean byChangedKeys) {
    double downtimeSeconds() {
      return figures.span(FREEZE, LIVE);
    }
  }

  private final PilotPlan plan;
  private final SwitchActivities switching;
  private final DataCopyActivities copy;
  private final PilotDatabaseActivities database;
  private final DatabaseRef production;
  private final DatabaseRef pilot;
  private final DatabaseRef archive;

  SwitchRun(PilotPlan plan, SwitchActivities switching, DataCopyActivities copy, PilotDatabaseActivities database) {
    this.plan = plan;
    this.switching = switching;
    this.copy = copy;
    this.database = database;
    this.production = new DatabaseRef(plan.serverProfile(), plan.productionDatabase());
    this.pilot = new DatabaseRef(plan.serverProfile(), plan.pilotDatabase());
    this.archive = new DatabaseRef(plan.serverProfile(), plan.archiveDatabase());
  }

  /**
   * With change capture. {@code afterCatchUp} runs between the refresh before the freeze and the
   * freeze: writes made there stand for those the application makes while that refresh runs, the
   * ones the frozen resync has to apply.
   */
  Result byChangedKeys(String name, Callable<?> afterCatchUp) throws Exception {
    System.out.println(name + ":");
    Figures figures = new Figures();
    ProductionSettings prior = beforeFreeze(figures);
    CopyResult caughtUp = figures.time(CATCH_UP, () -> verified("the refresh before the freeze",
        copy.resyncDataTables(plan)));
    System.out.println("    " + summary(caughtUp));
    afterCatchUp.call();
    WriteCounters atFreeze = figures.time(FREEZE, () -> switching.freezeProduction(plan));
    CopyResult last = figures.time(FINAL_RESYNC, () -> verified("the final resync", copy.resyncWhileFrozen(plan)));
    figures.run("assertNoWritesSince", () -> switching.assertNoWritesSince(plan, atFreeze));
    figures.run(REMOVE_CAPTURE, () -> copy.stopChangeCapture(plan, production));
    renameAndGoLive(figures, last);
    System.out.println("    final resync: " + summary(last));
    return new Result(name, figures, last, prior, true);
  }

  /** As an upgrade without change capture: frozen, the data-record tables are copied whole and verified whole. */
  Result whole(String name) throws Exception {
    System.out.println(name + ":");
    Figures figures = new Figures();
    ProductionSettings prior = beforeFreeze(figures);
    WriteCounters atFreeze = figures.time(FREEZE, () -> switching.freezeProduction(plan));
    CopyResult last = figures.time(FINAL_RESYNC, () -> verified("the final re-import", copy.resyncDataTables(plan)));
    figures.run("assertNoWritesSince", () -> switching.assertNoWritesSince(plan, atFreeze));
    renameAndGoLive(figures, last);
    System.out.println("    final resync: " + summary(last));
    return new Result(name, figures, last, prior, false);
  }

  /**
   * The saga's compensations after a failed post-switch check, newest first: the pilot is a pilot
   * again, production is back under its name, online, capturing again (still frozen, so no write
   * escapes the capture), then writable.
   */
  void undo(Result switched) {
    System.out.println("undo " + switched.name() + " (the saga's rollback, untimed)");
    switching.renameDatabase(production, pilot.database());
    switching.bringOnline(archive);
    switching.renameDatabase(archive, production.database());
    if (switched.byChangedKeys()) {
      copy.startChangeCapture(plan);
    }
    switching.unfreezeProduction(plan, switched.prior());
    database.runPilotModeStatements(plan);
  }

  private ProductionSettings beforeFreeze(Figures figures) throws Exception {
    SwitchGuardrails guardrails = figures.time("checkSwitchGuardrails", () -> switching.checkSwitchGuardrails(plan));
    if (!guardrails.refusals().isEmpty()) {
      throw new IllegalStateException("the switch is refused: " + String.join("; ", guardrails.refusals()));
    }
    return figures.time("captureProductionSettings", () -> switching.captureProductionSettings(plan));
  }

  private void renameAndGoLive(Figures figures, CopyResult last) throws Exception {
    figures.run("rename production to archive", () -> switching.renameDatabase(production, archive.database()));
    figures.run("takeOffline (archive)", () -> switching.takeOffline(archive));
    figures.run(LIVE, () -> switching.renameDatabase(pilot, production.database()));
    figures.run("runPostSwitchStatements", () -> database.runPostSwitchStatements(plan));
    figures.time("postSwitchCheck", () -> verified("the post-switch check", copy.postSwitchCheck(plan,
        last.verification())));
  }

  private static CopyResult verified(String what, CopyResult result) {
    verified(what, result.verification());
    return result;
  }

  private static VerificationReport verified(String what, VerificationReport report) {
    if (!report.allMatch()) {
      throw new IllegalStateException(what + " does not verify: " + report);
    }
    return report;
  }

  /** Keys applied per table, or rows copied whole. */
  static String summary(CopyResult result) {
    if (result.refresh().isEmpty()) {
      return String.format("%,d rows copied whole", result.totalRows());
    }
    return result.refresh().stream().map(SwitchRun::describe).collect(Collectors.joining(", "))
        + String.format("; the pilot's transaction %.2f s", result.applyMillis() / 1000.0);
  }

  private static String describe(TableRefresh table) {
    return table.copiedWhole() ? table.table() + " whole (" + table.wholeBecause() + ")"
        : String.format("%s %,d keys", table.table(), table.changedKeys());
  }
}
