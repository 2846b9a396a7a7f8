package com.upgradectl.bench;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pilot.SwitchActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.SwitchActivities;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The switch's downtime, by changed keys against a whole re-import, and what the change capture
 * costs production's writes, on one generated sample production: the pilot is created and refreshed
 * once, then switched three times through the real activities (each switch but the last undone by
 * the saga's own rollback): by changed keys with the changes made before the switch (the refresh
 * before the freeze takes them), by changed keys with the changes arriving after that refresh (the
 * frozen resync applies them all), and as upgrades without change capture (the data-record tables
 * re-imported whole while frozen). pgbench measures the writes without and with the capture.
 */
@Command(name = "switch", mixinStandardHelpOptions = true,
    description = "The switch's downtime by changed keys and whole, and the capture's write overhead.")
final class SwitchBenchmark implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "1000000", description = "data-record rows in production (default ${DEFAULT-VALUE})")
  long rows;

  @Option(names = "--changed", defaultValue = "1", description = "percent of the data records changed before each switch (default ${DEFAULT-VALUE})")
  double changedPercent;

  @Option(names = "--parallelism", defaultValue = "2", description = "tables copied at once (default ${DEFAULT-VALUE})")
  int parallelism;

  @Option(names = "--pgbench", defaultValue = "/usr/bin/pgbench", description = "pgbench executable (default ${DEFAULT-VALUE})")
  Path pgbench;

  @Option(names = "--pgbench-seconds", defaultValue = "15", description = "length of each pgbench run (default ${DEFAULT-VALUE})")
  int pgbenchSeconds;

  @Option(names = "--by-keys-only", description = "skip the whole re-import [3], to look into [1] and [2] quicker;"
      + " a recorded figure comes from a run of all three")
  private boolean byKeysOnly;

  @Option(names = "--pgbench-clients", defaultValue = "2", description = "pgbench clients, one thread each (default ${DEFAULT-VALUE})")
  int pgbenchClients;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("upgradectl-bench");
    try (BenchProduction production = BenchProduction.start(rows, parallelism + 4)) {
      PilotPlan plan = PilotPlan.withDefaults(BenchProduction.PROFILE, BenchProduction.DATABASE, null, null,
          BenchProduction.reference(SamplePackage.extractTo(work.resolve("package"))), parallelism).validated();
      DatabaseServers servers = new DatabaseServers(production.connections());
      PackageStore store = new PackageStore();
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      env.registerActivitiesImplementations(
          new PilotDatabaseActivitiesImpl(servers, store),
          new SwitchActivitiesImpl(servers),
          new DataCopyActivitiesImpl(production.connections(), store::load, ProgressSinkFactory.NONE,
              new SimpleMeterRegistry(), CopySettings.defaults()));
      // one attempt: a retry would hide a failure and blur the figure
      ActivityOptions once = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build();
      PilotDatabaseActivities database = env.newActivityStub(PilotDatabaseActivities.class, once);
      DataCopyActivities copy = env.newActivityStub(DataCopyActivities.class, once);
      SwitchRun switchRun = new SwitchRun(plan, env.newActivityStub(SwitchActivities.class, once), copy, database);
      Pgbench writes = new Pgbench(pgbench, production, work, pgbenchClients);

      System.out.println("create the pilot:");
      Figures create = new Figures();
      create.run("createPilotDatabase", () -> database.createPilotDatabase(plan));
      double tpsWithout = create.time("pgbench without capture", () -> writes.tps(pgbenchSeconds));
      create.run("startChangeCapture", () -> copy.startChangeCapture(plan));
      double tpsWith = create.time("pgbench with capture", () -> writes.tps(pgbenchSeconds));
      create.time("importAllTables", () -> copy.importAllTables(plan));
      create.run("runPilotModeStatements", () -> database.runPilotModeStatements(plan));
      System.out.printf("  pgbench (%d clients, %d s each, writes to the data-record tables): %,.0f tps without"
          + " capture, %,.0f tps with: %.2f of the speed without%n", pgbenchClients, pgbenchSeconds, tpsWithout,
          tpsWith, tpsWith / tpsWithout);
      CopyResult refreshed = create.time("resyncDataTables (a refresh)", () -> copy.resyncDataTables(plan));
      System.out.println("    " + SwitchRun.summary(refreshed));

      System.out.println("changes before the switch:");
      Map<String, Long> before = ProductionChanges.apply(production, changedPercent, 0);
      SwitchRun.Result absorbed = switchRun.byChangedKeys("switch by changed keys, changes made before it",
          () -> null);
      switchRun.undo(absorbed);

      AtomicReference<Map<String, Long>> during = new AtomicReference<>();
      SwitchRun.Result frozen = switchRun.byChangedKeys("switch by changed keys, changes made after the refresh"
          + " before the freeze", () -> {
            System.out.println("  changes after the refresh before the freeze:");
            during.set(ProductionChanges.apply(production, changedPercent, 1));
            return null;
          });
      switchRun.undo(frozen);

      List<SwitchRun.Result> results = new ArrayList<>(List.of(absorbed, frozen));
      List<Long> written = new ArrayList<>(List.of(ProductionChanges.total(before), ProductionChanges.total(during.get())));
      if (!byKeysOnly) {
        // As an upgrade started without change capture: no capture on either side, so every refresh copies whole.
        copy.stopChangeCapture(plan, new DatabaseRef(plan.serverProfile(), plan.productionDatabase()));
        copy.stopChangeCapture(plan, new DatabaseRef(plan.serverProfile(), plan.pilotDatabase()));
        results.add(switchRun.whole("switch with the data-record tables re-imported whole"));
        written.add(0L);
      }
      env.close();

      new SwitchSummary(production.rows(), changedPercent, results, written).print(tpsWithout, tpsWith);
      return 0;
    }
  }
}
