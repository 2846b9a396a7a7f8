package com.upgradectl.activities.platform.sqlserver.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import com.upgradectl.workflows.production.ProductionUpgradeStart;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import com.upgradectl.activities.testing.FaultInjection.Fault;
import com.upgradectl.activities.testing.FaultInjection.When;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production upgrade on a real SQL Server with the real activities: the sample's T-SQL migration
 * in place gives exactly what the pilot path gives (schema and every row), the application gets its
 * database back, and a production at another version is refused before anything changes. Skipped
 * unless UPGRADE_TEST_SQLSERVER_URL is set (README).
 */
@EnabledIfEnvironmentVariable(named = SqlServerLiveFixture.URL, matches = ".+")
class SqlServerProductionUpgradeLiveTest {
  private static final Duration PATIENCE = Duration.ofMinutes(5);
  /** Columns with their types, nullability, identity and defaults, per table: the schema as the catalog has it. */
  private static final String SCHEMA = """
      SELECT CONCAT(t.name, '.', c.name, ' ', ty.name, '(', c.max_length, ',', c.precision, ',', c.scale, ')',
                    CASE WHEN c.is_nullable = 1 THEN ' NULL' ELSE ' NOT NULL' END,
                    CASE WHEN c.is_identity = 1 THEN ' IDENTITY' ELSE '' END, ' ', OBJECT_DEFINITION(c.default_object_id))
      FROM sys.columns AS c JOIN sys.tables AS t ON t.object_id = c.object_id
      JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
      WHERE t.schema_id = SCHEMA_ID() ORDER BY t.name, c.column_id""";
  private static final String CONSTRAINTS = """
      SELECT CONCAT(OBJECT_NAME(parent_object_id), '.', name, ' ', type_desc) FROM sys.objects
      WHERE type IN ('PK', 'UQ', 'F', 'C', 'D') AND schema_id = SCHEMA_ID() ORDER BY 1""";

  @TempDir
  static Path packages;

  private static SqlServerLiveFixture fixture;
  private final List<String> databases = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = SqlServerLiveFixture.start(packages);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void drop() {
    fixture.dropDatabases(databases);
  }

  @Test
  void inPlaceGivesExactlyWhatThePilotPathGivesAndTheApplicationGetsItsDatabaseBack() throws Exception {
    String production = fixture.newProduction("inplace").productionDatabase();
    ProductionPlan plan = ProductionPlan.withDefaults(SqlServerLiveFixture.PROFILE, production, null,
        fixture.packageRef(), false);
    databases.addAll(List.of(production, plan.safetyCopyDatabase(), production + "_pilotpath"));
    String pilotPath = pilotPathOf(production);

    Outcome outcome;
    try (Connection application = fixture.connectAsApplication(production); Statement s = application.createStatement()) {
      s.execute("SELECT COUNT(*) FROM tickets");
      outcome = run(plan);
      assertThat(application.isValid(2)).as("the application's session was ended").isFalse();
    }

    ProductionStatus status = outcome.status();
    assertThat(outcome.failure()).as("failure: %s", status.failure()).isNull();
    assertThat(status.phase()).isEqualTo(ProductionPhase.UPGRADED);
    assertThat(status.migrationsApplied()).containsExactly("2 from v1 (V2__from_v1.sql)");
    assertThat(status.verification().passed()).as("verification: %s", status.verification()).isTrue();
    assertThat(status.verification().tables()).hasSize(9).allMatch(TableCheck::matches);
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.rows(production, SCHEMA)).as("the migrated schema is the schema scripts'")
        .isEqualTo(fixture.rows(pilotPath, SCHEMA));
    assertThat(fixture.rows(production, CONSTRAINTS)).isEqualTo(fixture.rows(pilotPath, CONSTRAINTS));
    for (String table : SqlServerMappedRows.TABLES) {
      String query = SqlServerMappedRows.DATA_TABLES.get(table).version2();
      assertThat(fixture.rows(production, query)).as(table).isEqualTo(fixture.rows(pilotPath, query));
    }
    for (String table : List.of("teams", "agents", "categories", "priorities", "settings")) {
      assertThat(fixture.rows(production, "SELECT * FROM " + table + " ORDER BY 1")).as(table)
          .isEqualTo(fixture.rows(pilotPath, "SELECT * FROM " + table + " ORDER BY 1"));
    }
    assertThat(fixture.rows(production, "SELECT name FROM sys.tables WHERE name LIKE 'upgradectl%'"))
        .as("the migration history is gone").isEmpty();
    assertThat(fixture.databases()).doesNotContain(plan.safetyCopyDatabase());
    assertThat(status.history()).anySatisfy(line -> assertThat(line).contains("created the safety copy backup file ")
        .contains(production + "-" + plan.safetyCopyDatabase() + ".bak"));
    assertThat(fixture.state(production)).isEqualTo("ONLINE MULTI_USER READ_WRITE");
    try (Connection application = fixture.connectAsApplication(production); Statement s = application.createStatement()) {
      assertThat(s.executeUpdate("INSERT INTO comments (ticket_id, author, body, internal, created_at)"
          + " VALUES (1, N'app', N'written after the upgrade', 0, SYSUTCDATETIME())")).isEqualTo(1);
    }
  }

  @Test
  void aProductionAtAnotherVersionIsRefusedBeforeAnythingChanges() {
    String production = fixture.newProduction("version").productionDatabase();
    databases.add(production);
    fixture.execute(production, "UPDATE schema_version SET version = N'7'");
    ProductionPlan plan = ProductionPlan.withDefaults(SqlServerLiveFixture.PROFILE, production, null,
        fixture.packageRef(), false);
    Set<String> databasesBefore = fixture.databases();
    Map<String, String> contentsBefore = fixture.contents(production);

    Outcome outcome = run(plan);

    assertThat(outcome.failure().getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(outcome.status().failure()).contains("is at version 7").contains("nothing was changed");
    assertThat(fixture.databases()).isEqualTo(databasesBefore);
    assertThat(fixture.contents(production)).isEqualTo(contentsBefore);
    assertThat(fixture.state(production)).isEqualTo("ONLINE MULTI_USER READ_WRITE");
  }

  @Test
  void aFailureAfterTheMigrationsRestoresProductionFromItsBackupFileUnderItsOwnName() {
    String production = fixture.newProduction("restore").productionDatabase();
    ProductionPlan plan = ProductionPlan.withDefaults(SqlServerLiveFixture.PROFILE, production, null,
        fixture.packageRef(), false);
    databases.add(production);
    Map<String, String> contentsBefore = fixture.contents(production);
    String filesBefore = fixture.queryOne("master", "SELECT STRING_AGG(CONCAT(name, N'=', physical_name), N';')"
        + " WITHIN GROUP (ORDER BY file_id) FROM sys.master_files WHERE database_id = DB_ID(?)", production);
    fixture.faults.arm(ProductionWorkflowIds.of(plan.serverProfile(), production),
        new Fault("verifyUpgrade", 1, When.BEFORE));
    Outcome outcome;
    try {
      outcome = run(plan);
    } finally {
      fixture.faults.disarm();
    }

    assertThat(outcome.status().phase()).as("failure: %s", outcome.status().failure())
        .isEqualTo(ProductionPhase.RESTORED);
    assertThat(fixture.contents(production)).as("production as it was before the upgrade").isEqualTo(contentsBefore);
    assertThat(fixture.queryOne("master", "SELECT STRING_AGG(CONCAT(name, N'=', physical_name), N';')"
        + " WITHIN GROUP (ORDER BY file_id) FROM sys.master_files WHERE database_id = DB_ID(?)", production))
        .as("production keeps its files").isEqualTo(filesBefore);
    assertThat(fixture.state(production)).isEqualTo("ONLINE MULTI_USER READ_WRITE");
    assertThat(outcome.status().databasesLeft()).anySatisfy(left -> assertThat(left)
        .startsWith("backup file ").contains(production + "_failed_1.bak"));
    assertThat(fixture.databases()).doesNotContain(plan.safetyCopyDatabase(), production + "_failed_1");
  }

  private record Outcome(ProductionStatus status, ApplicationFailure failure) {}

  private static Outcome run(ProductionPlan plan) {
    ProductionUpgradeWorkflow workflow = fixture.client()
        .newWorkflowStub(ProductionUpgradeWorkflow.class, ProductionUpgradeStart.workflowOptions(plan));
    WorkflowClient.start(workflow::run, plan);
    ApplicationFailure failure = null;
    try {
      WorkflowStub.fromTyped(workflow).getResult(PATIENCE.toSeconds(), TimeUnit.SECONDS, ProductionStatus.class);
    } catch (TimeoutException e) {
      throw new AssertionError("the production upgrade did not end within " + PATIENCE, e);
    } catch (WorkflowFailedException e) {
      assertThat(e.getCause()).as("the workflow's failure").isInstanceOf(ApplicationFailure.class);
      failure = (ApplicationFailure) e.getCause();
    }
    return new Outcome(workflow.status(), failure);
  }

  /**
   * What the pilot path makes of production: a pilot created from the package's T-SQL schema scripts
   * and production's rows imported as the package maps them, by the real activities.
   */
  private static String pilotPathOf(String production) {
    PilotPlan plan = PilotPlan.withDefaults(SqlServerLiveFixture.PROFILE, production, production + "_pilotpath", null,
        fixture.packageRef(), 2);
    DatabaseServers servers = new DatabaseServers(fixture.connections(), Duration.ofSeconds(10));
    PackageStore packages = new PackageStore();
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    try {
      environment.registerActivitiesImplementations(new PilotDatabaseActivitiesImpl(servers, packages),
          new DataCopyActivitiesImpl(fixture.connections(), packages::load, ProgressSinkFactory.NONE,
              new SimpleMeterRegistry(), new CopySettings(500)));
      ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build();
      environment.newActivityStub(PilotDatabaseActivities.class, options).createPilotDatabase(plan);
      environment.newActivityStub(DataCopyActivities.class, options).importAllTables(plan);
    } finally {
      environment.close();
    }
    fixture.connections().evict(SqlServerLiveFixture.PROFILE, plan.pilotDatabase());
    return plan.pilotDatabase();
  }
}
