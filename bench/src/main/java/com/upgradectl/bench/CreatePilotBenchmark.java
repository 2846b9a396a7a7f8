package com.upgradectl.bench;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Create-pilot throughput, the default scenario: generates a version-1 sample production of N data
 * rows on embedded PostgreSQL, then runs the real create-pilot activities (schema, then import of
 * every table from one read point, with its verification) and prints rows/s and MB/s of the import.
 * Other scenarios are subcommands.
 */
@Command(name = "upgradectl-bench", mixinStandardHelpOptions = true,
    description = "Without a subcommand: the create-pilot benchmark.",
    subcommands = {ProductionUpgradeBenchmark.class, SwitchBenchmark.class, RaceBenchmark.class})
public final class CreatePilotBenchmark implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--rows", defaultValue = "1000000", description = "data-record rows in production (default ${DEFAULT-VALUE})")
  long rows;

  @Option(names = "--parallelism", defaultValue = "2", description = "tables copied at once (default ${DEFAULT-VALUE})")
  int parallelism;

  @Option(names = "--chunk-rows", defaultValue = "50000", description = "rows per committed chunk (default ${DEFAULT-VALUE})")
  int chunkRows;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CreatePilotBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("upgradectl-bench");
    try (BenchProduction production = BenchProduction.start(rows, parallelism + 4)) {
      PackageRef ref = BenchProduction.reference(SamplePackage.extractTo(work));
      PilotPlan plan = PilotPlan.withDefaults(BenchProduction.PROFILE, BenchProduction.DATABASE, null, null, ref,
          parallelism).validated();
      PackageStore store = new PackageStore();

      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      env.registerActivitiesImplementations(
          new PilotDatabaseActivitiesImpl(new DatabaseServers(production.connections()), store),
          new DataCopyActivitiesImpl(production.connections(), store::load, ProgressSinkFactory.NONE,
              new SimpleMeterRegistry(), new CopySettings(chunkRows)));
      PilotDatabaseActivities database = env.newActivityStub(PilotDatabaseActivities.class);
      DataCopyActivities copy = env.newActivityStub(DataCopyActivities.class);

      Figures figures = new Figures();
      figures.run("schema", () -> database.createPilotDatabase(plan));
      CopyResult result = figures.time("import + verify", () -> copy.importAllTables(plan));
      env.close();

      double importSeconds = figures.of("import + verify");
      double mb = Figures.megabytes(result.totalBytes());
      System.out.printf("create-pilot: schema %.2f s; import+verify of %,d rows (%.1f MB) in %.2f s: %,.0f rows/s, %.1f MB/s; verified=%s%n",
          figures.of("schema"), result.totalRows(), mb, importSeconds, result.totalRows() / importSeconds,
          mb / importSeconds, result.verification().allMatch());
      for (CopyResult.TableCopied table : result.tables()) {
        System.out.printf("  %-16s %,12d rows %10.1f MB%n", table.table(), table.rows(), Figures.megabytes(table.bytes()));
      }
      return result.verification().allMatch() ? 0 : 1;
    }
  }
}
