package com.upgradectl.activities.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pilot.SwitchActivitiesImpl;
import com.upgradectl.activities.pilot.SwitchBackActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.pkg.TestPackages;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.platform.postgres.PostgresIdentifiers;
import com.upgradectl.activities.platform.postgres.PostgresPlatform;
import com.upgradectl.activities.production.ProductionActivitiesImpl;
import com.upgradectl.activities.progress.WorkflowProgressSink;
import com.upgradectl.activities.testing.FaultInjection;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotRun;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeStart;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflowImpl;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.pilot.SwitchActivities;
import com.upgradectl.workflows.production.ProductionActivities;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflowImpl;
import com.upgradectl.workflows.pilot.SwitchBackActivities;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The pilot scenario for real, in one process: one embedded PostgreSQL (superuser for our profile,
 * a plain application role for the application), the sample package extracted and referenced by its
 * real digest, and Temporal's in-process test server in real time with a worker hosting
 * PilotUpgradeWorkflowImpl and the real activities — each behind {@link FaultInjection}, harmless
 * until a fault is armed. Each test makes its own sample production under a name of its own, so the
 * upgrades (one workflow per production database) never meet.
 */
final class ScenarioFixture implements AutoCloseable {
  static final String PROFILE = "embedded";
  static final String SUPERUSER = "postgres";
  /** The application's role: not a superuser, so the freeze's connection limit applies to it. */
  static final String APP_ROLE = "desk_app";
  static final int PARALLELISM = 2;
  static final int PRODUCTION_ROWS = 3_000;
  /** Production's own limit, not the default, so that unfreeze is seen to restore it exactly. */
  static final int PRODUCTION_CONNECTION_LIMIT = 40;
  /** Bounds every wait for the workflow, so a stuck one fails the test instead of hanging it. */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private static final AtomicInteger PRODUCTIONS = new AtomicInteger();
  private static final PostgresIdentifiers IDS = PostgresIdentifiers.INSTANCE;

  final FaultInjection faults = new FaultInjection();
  private final EmbeddedPostgres postgres;
  private final PooledConnections connections;
  private final TestWorkflowEnvironment temporal;
  private final PackageRef packageRef;

  private final CopySettings copySettings;

  private ScenarioFixture(EmbeddedPostgres postgres, Path packagesDir, CopySettings copySettings) {
    this.copySettings = copySettings;
    this.postgres = postgres;
    Path packageDir = SamplePackage.extractTo(packagesDir);
    this.packageRef = TestPackages.ref(UpgradePackageLoader.load(packageDir));
    this.connections = new PooledConnections(List.of(new ConnectionProfile(PROFILE, PostgresPlatform.NAME,
        url("postgres"), SUPERUSER, "")), PARALLELISM + 3, Duration.ofSeconds(10));
    this.temporal = TestWorkflowEnvironment.newInstance(environmentOptions());
    registerWorker();
    temporal.start();
  }

  /** @param packagesDir where the sample package is extracted */
  static ScenarioFixture start(Path packagesDir) {
    // Small chunks, so that the copies commit, heartbeat and report progress chunk by chunk.
    return start(packagesDir, new CopySettings(500));
  }

  static ScenarioFixture start(Path packagesDir, CopySettings copySettings) {
    EmbeddedPostgres postgres;
    try {
      // Durability is not under test; without fsync, CREATE DATABASE is quick.
      postgres = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ScenarioFixture fixture = new ScenarioFixture(postgres, packagesDir, copySettings);
    fixture.execute("postgres", "CREATE ROLE " + IDS.quote(APP_ROLE) + " LOGIN");
    return fixture;
  }

  private static TestEnvironmentOptions environmentOptions() {
    // Real time: the copies, retries and heartbeats run as they would on a real server.
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder().setUseTimeskipping(false);
    UpgradeSearchAttributes.definitions().forEach(options::registerSearchAttribute);
    return options.build();
  }

  private void registerWorker() {
    WorkflowClient client = temporal.getWorkflowClient();
    DatabaseServers servers = new DatabaseServers(connections, Duration.ofSeconds(10));
    PackageStore packages = new PackageStore();
    Worker worker = temporal.newWorker(TaskQueues.UPGRADES,
        WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    worker.registerWorkflowImplementationTypes(PilotUpgradeWorkflowImpl.class, ProductionUpgradeWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        faults.wrap(PilotDatabaseActivities.class, new PilotDatabaseActivitiesImpl(servers, packages)),
        faults.wrap(SwitchActivities.class, new SwitchActivitiesImpl(servers)),
        faults.wrap(SwitchBackActivities.class, new SwitchBackActivitiesImpl(servers)),
        faults.wrap(DataCopyActivities.class, new DataCopyActivitiesImpl(connections, packages::load,
            WorkflowProgressSink.factory(client), new SimpleMeterRegistry(), copySettings)),
        faults.wrap(ProductionActivities.class, new ProductionActivitiesImpl(servers, packages,
            new SimpleMeterRegistry())));
  }

  // ---- production and the upgrade

  /**
   * A new sample production of {@value #PRODUCTION_ROWS} data rows, with its own connection limit and
   * the application role allowed to read and write it, and the plan to upgrade it (default names).
   */
  PilotPlan newProduction(String prefix) {
    return newProduction(prefix, PRODUCTION_ROWS);
  }

  /** A new sample production of {@code dataRows} data rows, otherwise as {@link #newProduction(String)}. */
  PilotPlan newProduction(String prefix, long dataRows) {
    String name = prefix + "_" + PRODUCTIONS.incrementAndGet();
    execute("postgres", "CREATE DATABASE " + IDS.quote(name) + " CONNECTION LIMIT " + PRODUCTION_CONNECTION_LIMIT);
    try (Connection c = connect(name)) {
      SampleProduction.create(c, dataRows);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    execute(name,
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + IDS.quote(APP_ROLE),
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + IDS.quote(APP_ROLE));
    return plan(name);
  }

  PilotPlan plan(String production) {
    return PilotPlan.withDefaults(PROFILE, production, null, null, packageRef, PARALLELISM);
  }

  /** Starts the upgrade the way the CLI does. */
  PilotUpgradeWorkflow start(PilotPlan plan) {
    PilotUpgradeWorkflow workflow = temporal.getWorkflowClient()
        .newWorkflowStub(PilotUpgradeWorkflow.class, PilotUpgradeStart.workflowOptions(plan));
    WorkflowClient.start(workflow::run, PilotRun.start(plan));
    return workflow;
  }

  static String workflowId(PilotPlan plan) {
    return PilotWorkflowIds.of(plan.serverProfile(), plan.productionDatabase());
  }

  /** Polls the status until the workflow is in one of {@code phases}; fails at once if it ended elsewhere. */
  static PilotStatus awaitPhase(PilotUpgradeWorkflow workflow, PilotPhase... phases) {
    List<PilotPhase> wanted = Arrays.asList(phases);
    PilotStatus status = awaitStatus(workflow, s -> wanted.contains(s.phase()) || s.phase().isFinal(),
        "phase " + wanted);
    assertThat(status.phase()).as("phase; failure: %s", status.failure()).isIn(wanted);
    return status;
  }

  static PilotStatus awaitStatus(PilotUpgradeWorkflow workflow, Predicate<PilotStatus> condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    PilotStatus status = workflow.status();
    while (!condition.test(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the workflow never reached " + what + "; last status: " + status);
      }
      pause();
      status = workflow.status();
    }
    return status;
  }

  /** The workflow's result, once it has ended. */
  static PilotStatus result(PilotUpgradeWorkflow workflow) {
    try {
      return WorkflowStub.fromTyped(workflow).getResult(PATIENCE.toSeconds(), TimeUnit.SECONDS, PilotStatus.class);
    } catch (TimeoutException e) {
      throw new AssertionError("the workflow did not end within " + PATIENCE, e);
    }
  }

  // ---- looking at the server

  String url(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  /** A plain superuser connection (not ours: no upgradectl application name). */
  Connection connect(String database) throws SQLException {
    return connectAs(database, SUPERUSER);
  }

  Connection connectAs(String database, String user) throws SQLException {
    return DriverManager.getConnection(url(database), user, "");
  }

  void execute(String database, String... statements) {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One statement with bound values; returns the rows it changed. */
  int update(String database, String sql, String... parameters) {
    try (Connection c = connect(database); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(database + ": " + sql, e);
    }
  }

  /** Every row of the query, each value as the driver's text. */
  List<List<String>> rows(String database, String query, String... parameters) {
    try (Connection c = connect(database); PreparedStatement s = c.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        List<List<String>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(columns);
          for (int i = 1; i <= columns; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(database + ": " + query, e);
    }
  }

  String queryOne(String database, String query, String... parameters) {
    List<List<String>> rows = rows(database, query, parameters);
    return rows.isEmpty() ? null : rows.get(0).get(0);
  }

  Set<String> databases() {
    return new TreeSet<>(rows("postgres", "SELECT datname FROM pg_database").stream().map(r -> r.get(0)).toList());
  }

  boolean exists(String database) {
    return databases().contains(database);
  }

  /** pg_database.datallowconn: false means offline, no connection at all (superusers included). */
  boolean allowsConnections(String database) {
    return Boolean.parseBoolean(queryOne("postgres", "SELECT datallowconn::text FROM pg_database WHERE datname = ?",
        database));
  }

  int connectionLimit(String database) {
    return Integer.parseInt(queryOne("postgres", "SELECT datconnlimit FROM pg_database WHERE datname = ?", database));
  }

  /**
   * Per user table, its row count and an order-independent digest of all its rows: equal contents
   * give equal maps, one changed value a different one.
   */
  Map<String, String> contents(String database) {
    Map<String, String> contents = new LinkedHashMap<>();
    for (List<String> table : rows(database, "SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      contents.put(table.get(0), queryOne(database, "SELECT count(*) || ' rows, md5 ' || md5(coalesce("
          + "string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM " + IDS.quote(table.get(0)) + " t"));
    }
    return contents;
  }

  /** Rows per table of the sample's nine version-1 tables. */
  Map<String, Long> sampleRowCounts(String database) {
    try (Connection c = connect(database)) {
      return SampleProduction.rowCounts(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads an offline database (the archive) without bringing it online: through a copy made with it
   * as template, which needs no connection to it.
   */
  <T> T readCopyOf(String offlineDatabase, Function<String, T> read) {
    String copy = offlineDatabase + "_inspected";
    execute("postgres", "CREATE DATABASE " + IDS.quote(copy) + " TEMPLATE " + IDS.quote(offlineDatabase));
    try {
      return read.apply(copy);
    } finally {
      execute("postgres", "DROP DATABASE " + IDS.quote(copy) + " WITH (FORCE)");
    }
  }

  WorkflowClient client() {
    return temporal.getWorkflowClient();
  }

  PooledConnections connections() {
    return connections;
  }

  PackageRef packageRef() {
    return packageRef;
  }

  /** Drops databases, whatever holds them open. */
  void dropDatabases(List<String> databases) {
    for (String database : databases) {
      connections.evict(PROFILE, database);
      execute("postgres", "DROP DATABASE IF EXISTS " + IDS.quote(database) + " WITH (FORCE)");
    }
  }

  /** Drops what an upgrade of {@code plan} made or left, to keep the server small across many tests. */
  void dropDatabasesOf(PilotPlan plan) {
    for (String database : List.of(plan.productionDatabase(), plan.pilotDatabase(), plan.archiveDatabase(),
        plan.switchedBackDatabase())) {
      connections.evict(PROFILE, database);
      execute("postgres", "DROP DATABASE IF EXISTS " + IDS.quote(database) + " WITH (FORCE)");
    }
  }

  @Override
  public void close() throws IOException {
    temporal.close();
    connections.close();
    postgres.close();
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
