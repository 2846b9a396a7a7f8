package com.upgradectl.activities.platform.sqlserver.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pilot.SwitchActivitiesImpl;
import com.upgradectl.activities.production.ProductionActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.pkg.TestPackages;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.platform.sqlserver.SqlServerIdentifiers;
import com.upgradectl.activities.platform.sqlserver.SqlServerPlatform;
import com.upgradectl.activities.progress.WorkflowProgressSink;
import com.upgradectl.activities.testing.FaultInjection;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleSqlServerProduction;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The pilot scenario against a real SQL Server (UPGRADE_TEST_SQLSERVER_URL, _USER, _PASSWORD: a
 * sysadmin login), in one process: the sample package extracted and referenced by its real digest,
 * Temporal's in-process test server in real time with a worker hosting PilotUpgradeWorkflowImpl and
 * the real activities — each behind {@link FaultInjection}, harmless until a fault is armed. Each
 * test makes its own sample production (named with this run's suffix, so runs never meet on a
 * shared server) and drops what its upgrade made.
 */
final class SqlServerLiveFixture implements AutoCloseable {
  static final String URL = "UPGRADE_TEST_SQLSERVER_URL";
  static final String PROFILE = "live";
  static final int PARALLELISM = 2;
  static final int PRODUCTION_ROWS = 3_000;
  /** Bounds every wait for the workflow, so a stuck one fails the test instead of hanging it. */
  private static final Duration PATIENCE = Duration.ofMinutes(5);
  private static final SqlServerIdentifiers IDS = SqlServerIdentifiers.INSTANCE;

  final FaultInjection faults = new FaultInjection();
  /** The application's login: not ours, so the freeze must end its sessions and keep it out. */
  final String appLogin;
  final String appPassword = "Desk-app-" + UUID.randomUUID();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String serverUrl = System.getenv(URL);
  private final String user = System.getenv("UPGRADE_TEST_SQLSERVER_USER");
  private final String password = System.getenv("UPGRADE_TEST_SQLSERVER_PASSWORD");
  private final PooledConnections connections;
  private final TestWorkflowEnvironment temporal;
  private final PackageRef packageRef;
  private int productions;

  private SqlServerLiveFixture(Path packagesDir, CopySettings copySettings) {
    this.appLogin = "desk_app_" + suffix;
    this.packageRef = TestPackages.ref(UpgradePackageLoader.load(SamplePackage.extractTo(packagesDir)));
    // The production upgrade's safety copy is a backup file there: a directory the server can write.
    String backupDirectory = System.getenv().getOrDefault("UPGRADE_TEST_SQLSERVER_BACKUP_DIR", "/var/opt/mssql/data");
    this.connections = new PooledConnections(List.of(new ConnectionProfile(PROFILE, SqlServerPlatform.NAME, serverUrl,
        user, password, backupDirectory)), PARALLELISM + 3, Duration.ofSeconds(10));
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder().setUseTimeskipping(false);
    UpgradeSearchAttributes.definitions().forEach(options::registerSearchAttribute);
    this.temporal = TestWorkflowEnvironment.newInstance(options.build());
    registerWorker(copySettings);
    temporal.start();
    execute("master", "CREATE LOGIN " + IDS.quote(appLogin) + " WITH PASSWORD = " + SqlServerPlatform.INSTANCE.literal(appPassword)
        + ", CHECK_POLICY = OFF");
  }

  /** Small chunks, so that the copies commit, heartbeat and report progress chunk by chunk. */
  static SqlServerLiveFixture start(Path packagesDir) {
    return start(packagesDir, new CopySettings(500));
  }

  static SqlServerLiveFixture start(Path packagesDir, CopySettings copySettings) {
    return new SqlServerLiveFixture(packagesDir, copySettings);
  }

  private void registerWorker(CopySettings copySettings) {
    WorkflowClient client = temporal.getWorkflowClient();
    DatabaseServers servers = new DatabaseServers(connections, Duration.ofSeconds(10));
    PackageStore packages = new PackageStore();
    Worker worker = temporal.newWorker(TaskQueues.UPGRADES,
        WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    worker.registerWorkflowImplementationTypes(PilotUpgradeWorkflowImpl.class, ProductionUpgradeWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        faults.wrap(PilotDatabaseActivities.class, new PilotDatabaseActivitiesImpl(servers, packages)),
        faults.wrap(SwitchActivities.class, new SwitchActivitiesImpl(servers)),
        faults.wrap(DataCopyActivities.class, new DataCopyActivitiesImpl(connections, packages::load,
            WorkflowProgressSink.factory(client), new SimpleMeterRegistry(), copySettings)),
        faults.wrap(ProductionActivities.class, new ProductionActivitiesImpl(servers, packages,
            new SimpleMeterRegistry())));
  }

  // ---- production and the upgrade

  PilotPlan newProduction(String prefix) {
    return newProduction(prefix, PRODUCTION_ROWS);
  }

  /**
   * A new sample production (version 1 from the sample's SQL Server scripts, {@code dataRows} data
   * records) that the application's login may read and write, and the plan to upgrade it.
   */
  PilotPlan newProduction(String prefix, long dataRows) {
    String name = prefix + "_" + suffix + "_" + (++productions);
    execute("master", "CREATE DATABASE " + IDS.quote(name));
    try (Connection c = connect(name)) {
      SampleSqlServerProduction.create(c, dataRows);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    execute(name,
        "CREATE USER " + IDS.quote(appLogin) + " FOR LOGIN " + IDS.quote(appLogin),
        "ALTER ROLE db_datareader ADD MEMBER " + IDS.quote(appLogin),
        "ALTER ROLE db_datawriter ADD MEMBER " + IDS.quote(appLogin));
    return plan(name);
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

  /** Drops the databases that exist of those named (left by a production upgrade, e.g. its safety copy). */
  void dropDatabases(List<String> names) {
    for (String database : names) {
      connections.evict(PROFILE, database);
      if (exists(database)) {
        String quoted = IDS.quote(database);
        execute("master", "ALTER DATABASE " + quoted + " SET ONLINE",
            "ALTER DATABASE " + quoted + " SET SINGLE_USER WITH ROLLBACK IMMEDIATE", "DROP DATABASE " + quoted);
      }
    }
  }

  PilotPlan plan(String production) {
    return PilotPlan.withDefaults(PROFILE, production, null, null, packageRef, PARALLELISM);
  }

  PilotUpgradeWorkflow start(PilotPlan plan) {
    PilotUpgradeWorkflow workflow = temporal.getWorkflowClient()
        .newWorkflowStub(PilotUpgradeWorkflow.class, PilotUpgradeStart.workflowOptions(plan));
    WorkflowClient.start(workflow::run, PilotRun.start(plan));
    return workflow;
  }

  static String workflowId(PilotPlan plan) {
    return PilotWorkflowIds.of(plan.serverProfile(), plan.productionDatabase());
  }

  static PilotStatus awaitPhase(PilotUpgradeWorkflow workflow, PilotPhase... phases) {
    List<PilotPhase> wanted = Arrays.asList(phases);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Predicate<PilotStatus> done = s -> wanted.contains(s.phase()) || s.phase().isFinal();
    PilotStatus status = workflow.status();
    while (!done.test(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the workflow never reached phase " + wanted + "; last status: " + status);
      }
      pause();
      status = workflow.status();
    }
    assertThat(status.phase()).as("phase; failure: %s", status.failure()).isIn(wanted);
    return status;
  }

  static PilotStatus result(PilotUpgradeWorkflow workflow) {
    try {
      return WorkflowStub.fromTyped(workflow).getResult(PATIENCE.toSeconds(), TimeUnit.SECONDS, PilotStatus.class);
    } catch (TimeoutException e) {
      throw new AssertionError("the workflow did not end within " + PATIENCE, e);
    }
  }

  // ---- looking at the server (plain connections: not ours, no upgradectl application name)

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(SqlServerPlatform.INSTANCE.databaseUrl(serverUrl, database), user, password);
  }

  Connection connectAsApplication(String database) throws SQLException {
    return DriverManager.getConnection(SqlServerPlatform.INSTANCE.databaseUrl(serverUrl, database), appLogin, appPassword);
  }

  void execute(String database, String... statements) {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(database + ": " + Arrays.toString(statements), e);
    }
  }

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
    return new TreeSet<>(rows("master", "SELECT name FROM sys.databases").stream().map(r -> r.get(0)).toList());
  }

  boolean exists(String database) {
    return databases().contains(database);
  }

  /** state_desc, user_access_desc and read-only-ness of a database, e.g. "ONLINE MULTI_USER READ_WRITE". */
  String state(String database) {
    return queryOne("master", "SELECT CONCAT(state_desc, ' ', user_access_desc, ' ',"
        + " CASE WHEN is_read_only = 1 THEN 'READ_ONLY' ELSE 'READ_WRITE' END) FROM sys.databases WHERE name = ?", database);
  }

  /**
   * Per user table, its row count and a SHA-256 of all its rows as JSON in key order: equal contents
   * give equal maps, one changed value a different one.
   */
  Map<String, String> contents(String database) {
    Map<String, String> contents = new LinkedHashMap<>();
    for (List<String> table : rows(database, "SELECT name FROM sys.tables WHERE schema_id = SCHEMA_ID() ORDER BY name")) {
      String name = IDS.quote(table.get(0));
      contents.put(table.get(0), queryOne(database, "SELECT CONCAT(COUNT_BIG(*), ' rows, sha256 ',"
          + " CONVERT(varchar(64), HASHBYTES('SHA2_256', (SELECT * FROM " + name + " ORDER BY 1 FOR JSON PATH,"
          + " INCLUDE_NULL_VALUES)), 2)) FROM " + name));
    }
    return contents;
  }

  /** Reads an offline database (the archive) by bringing it online for the read, then offline again. */
  <T> T readOffline(String database, Function<String, T> read) {
    execute("master", "ALTER DATABASE " + IDS.quote(database) + " SET ONLINE");
    try {
      return read.apply(database);
    } finally {
      execute("master", "ALTER DATABASE " + IDS.quote(database) + " SET OFFLINE WITH ROLLBACK IMMEDIATE");
    }
  }

  /** Drops what an upgrade of {@code plan} made or left. */
  void dropDatabasesOf(PilotPlan plan) {
    dropDatabases(List.of(plan.productionDatabase(), plan.pilotDatabase(), plan.archiveDatabase()));
  }

  @Override
  public void close() {
    temporal.close();
    connections.close();
    execute("master", "IF SUSER_ID(" + SqlServerPlatform.INSTANCE.literal(appLogin) + ") IS NOT NULL DROP LOGIN "
        + IDS.quote(appLogin));
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
