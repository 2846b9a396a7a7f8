package com.upgradectl.bench;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.testing.TestActivityEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Create-pilot throughput: generates a version-1 sample production of N data rows on embedded
 * PostgreSQL, then runs the real create-pilot activities (schema, then import of every table from
 * one read point, with its verification) and prints rows/s and MB/s of the import.
 */
@Command(name = "create-pilot-benchmark", mixinStandardHelpOptions = true)
public final class CreatePilotBenchmark implements java.util.concurrent.Callable<Integer> {
  private static final String PROFILE = "bench";

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
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        PooledConnections connections = new PooledConnections(List.of(new ConnectionProfile(PROFILE, "postgresql",
            postgres.getJdbcUrl("postgres", "postgres"), "postgres", "")), parallelism + 4,
            java.time.Duration.ofSeconds(30))) {
      try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
        st.execute("CREATE DATABASE servicedesk");
      }
      long generateStart = System.nanoTime();
      Map<String, Long> counts;
      try (Connection production = postgres.getDatabase("postgres", "servicedesk").getConnection()) {
        counts = SampleProduction.create(production, rows);
      }
      System.out.printf("generated %,d rows in production in %.1f s: %s%n",
          counts.values().stream().mapToLong(Long::longValue).sum(), seconds(generateStart), counts);

      Path packageDir = SamplePackage.extractTo(work);
      UpgradePackage pkg = UpgradePackageLoader.load(packageDir);
      PackageRef ref = new PackageRef(packageDir.toString(), pkg.digest(), pkg.name(), pkg.fromVersion(), pkg.toVersion());
      PilotPlan plan = PilotPlan.withDefaults(PROFILE, "servicedesk", null, null, ref, parallelism).validated();
      PackageStore store = new PackageStore();

      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      env.registerActivitiesImplementations(
          new PilotDatabaseActivitiesImpl(new DatabaseServers(connections), store),
          new DataCopyActivitiesImpl(connections, store::load, ProgressSinkFactory.NONE, new SimpleMeterRegistry(),
              new CopySettings(chunkRows)));
      PilotDatabaseActivities database = env.newActivityStub(PilotDatabaseActivities.class);
      DataCopyActivities copy = env.newActivityStub(DataCopyActivities.class);

      long createStart = System.nanoTime();
      database.createPilotDatabase(plan);
      double schemaSeconds = seconds(createStart);
      long importStart = System.nanoTime();
      CopyResult result = copy.importAllTables(plan);
      double importSeconds = seconds(importStart);
      env.close();

      double mb = result.totalBytes() / 1_000_000.0;
      System.out.printf("create-pilot: schema %.2f s; import+verify of %,d rows (%.1f MB) in %.2f s: %,.0f rows/s, %.1f MB/s; verified=%s%n",
          schemaSeconds, result.totalRows(), mb, importSeconds, result.totalRows() / importSeconds, mb / importSeconds,
          result.verification().allMatch());
      for (CopyResult.TableCopied table : result.tables()) {
        System.out.printf("  %-16s %,12d rows %10.1f MB%n", table.table(), table.rows(), table.bytes() / 1_000_000.0);
      }
      return result.verification().allMatch() ? 0 : 1;
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
