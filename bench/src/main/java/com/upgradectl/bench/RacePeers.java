package com.upgradectl.bench;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.testing.TestActivityEnvironment;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The three contestants of a race, each given the same production on the same server. */
final class RacePeers {
  /** Our create-pilot: the seconds of each of its parts, the rows it wrote, the heap it needed. */
  record CreatePilotLap(double schemaSeconds, double copySeconds, double verifySeconds, double restSeconds,
      long rowsWritten, long peakHeapBytes, boolean verified) {
    double totalSeconds() {
      return schemaSeconds + copySeconds + verifySeconds + restSeconds;
    }
  }

  private final SystemPostgres server;
  private final Path pgcopydb;
  private final int jobs;
  private final int chunkRows;

  RacePeers(SystemPostgres server, Path pgcopydb, int jobs, int chunkRows) {
    this.server = server;
    this.pgcopydb = pgcopydb;
    this.jobs = jobs;
    this.chunkRows = chunkRows;
  }

  boolean hasPgcopydb() {
    return pgcopydb != null;
  }

  /** createPilotDatabase then importAllTables (copy, verification, constraints) through the real activities. */
  CreatePilotLap createPilot(RaceProduction production) throws Exception {
    PilotPlan plan = PilotPlan.withDefaults(BenchProduction.PROFILE, production.database(), null, null,
        production.packageRef(), jobs).validated();
    server.execute("postgres", "DROP DATABASE IF EXISTS " + plan.pilotDatabase() + " WITH (FORCE)");
    StepClock clock = new StepClock();
    try (PooledConnections connections = new PooledConnections(List.of(new ConnectionProfile(BenchProduction.PROFILE,
        "postgresql", server.jdbcUrl("postgres"), SystemPostgres.USER, "")), jobs + 4, Duration.ofSeconds(30))) {
      PackageStore store = new PackageStore();
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      try {
        env.registerActivitiesImplementations(new PilotDatabaseActivitiesImpl(new DatabaseServers(connections), store),
            new DataCopyActivitiesImpl(connections, store::load, clock, new SimpleMeterRegistry(),
                new CopySettings(chunkRows)));
        PilotDatabaseActivities database = env.newActivityStub(PilotDatabaseActivities.class);
        DataCopyActivities copy = env.newActivityStub(DataCopyActivities.class);
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        database.createPilotDatabase(plan);
        long imported = System.nanoTime();
        CopyResult result = copy.importAllTables(plan);
        long end = System.nanoTime();
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        // After a load from empty the two run side by side, under one step: verify is then 0 and the
        // constraints' part holds both.
        long together = clock.startOf(": verifying and building indexes and constraints");
        long verifying = together >= 0 ? together : clock.startOf(": verifying");
        long restoring = together >= 0 ? together : clock.startOf(": building indexes and constraints");
        if (verifying < 0 || restoring < 0) {
          throw new IllegalStateException("the import did not report its verifying and restoring steps");
        }
        return new CreatePilotLap((imported - start) / 1e9, (verifying - imported) / 1e9, (restoring - verifying) / 1e9,
            (end - restoring) / 1e9, result.totalRows(), peak, result.verification().allMatch());
      } finally {
        env.close();
      }
    }
  }

  /** {@code pgcopydb clone} of the whole production into a new database: schema, data, indexes, constraints. */
  double pgcopydbClone(RaceProduction production) throws Exception {
    String target = production.database() + "_pgcopydb";
    server.recreateDatabase(target);
    Path work = Files.createTempDirectory("upgradectl-race-pgcopydb");
    try {
      long start = System.nanoTime();
      Tools.run(List.of(pgcopydb.toString(), "clone", "--source", server.uri(production.database()), "--target",
          server.uri(target), "--table-jobs", Integer.toString(jobs), "--index-jobs", Integer.toString(jobs),
          "--dir", work.toString(), "--no-owner", "--no-acl"), withServerBinaries());
      return (System.nanoTime() - start) / 1e9;
    } finally {
      Tools.run(List.of("rm", "-rf", work.toString()), null);
      server.execute("postgres", "DROP DATABASE IF EXISTS " + target + " WITH (FORCE)");
    }
  }

  /**
   * The largest table through {@code psql COPY ... TO STDOUT (FORMAT binary) | psql COPY ... FROM STDIN},
   * into the same table made without its indexes: the bare speed of moving rows between two databases.
   */
  double binaryPipe(RaceProduction production) throws Exception {
    String target = production.database() + "_pipe";
    server.recreateDatabase(target);
    String psql = server.binaries().resolve("psql").toString();
    String pgDump = server.binaries().resolve("pg_dump").toString();
    try {
      Tools.run(List.of("bash", "-o", "pipefail", "-c", pgDump + " --schema-only --section=pre-data --no-owner "
          + quote(server.uri(production.database())) + " | " + psql + " -q -v ON_ERROR_STOP=1 "
          + quote(server.uri(target))), null);
      String table = production.largestTable();
      long start = System.nanoTime();
      Tools.run(List.of("bash", "-o", "pipefail", "-c", psql + " -X -q -c " + quote("COPY " + table
          + " TO STDOUT (FORMAT binary)") + " " + quote(server.uri(production.database())) + " | " + psql + " -X -q -c "
          + quote("COPY " + table + " FROM STDIN (FORMAT binary)") + " " + quote(server.uri(target))), null);
      return (System.nanoTime() - start) / 1e9;
    } finally {
      server.execute("postgres", "DROP DATABASE IF EXISTS " + target + " WITH (FORCE)");
    }
  }

  /** pgcopydb finds pg_dump and pg_restore on the PATH: the server's own first. */
  private Map<String, String> withServerBinaries() {
    return Map.of("PATH", server.binaries() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

}
