package com.upgradectl.activities.scenario;

import static com.upgradectl.activities.scenario.ScenarioFixture.APP_ROLE;
import static com.upgradectl.activities.scenario.ScenarioFixture.PROFILE;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.platform.postgres.PostgresIdentifiers;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.activities.testing.DatabaseFingerprint;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import com.upgradectl.workflows.production.ProductionUpgradeStart;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The production upgrade on top of {@link ScenarioFixture}: plans, runs, and what tests look at. */
final class ProductionScenario {
  /** Owns production in these tests, so that a restore is seen to give the owner back. */
  static final String OWNER_ROLE = "desk_owner";
  static final String COMMENT = "service desk production, do not touch";

  private static final PostgresIdentifiers IDS = PostgresIdentifiers.INSTANCE;
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private ProductionScenario() {}

  /** How the upgrade ended: its final status and, unless UPGRADED, the workflow's failure. */
  record Outcome(ProductionStatus status, ApplicationFailure failure) {}

  /** Roles the tests' productions use; once per server. */
  static void createRoles(ScenarioFixture fixture) {
    fixture.execute("postgres", "CREATE ROLE " + IDS.quote(OWNER_ROLE));
  }

  /**
   * A sample production with what a template copy does not carry: its own owner, privileges (no
   * CONNECT for PUBLIC, CONNECT for the application), a comment and settings, per database and per role.
   */
  static String newProduction(ScenarioFixture fixture, String prefix) {
    String production = fixture.newProduction(prefix).productionDatabase();
    String db = IDS.quote(production);
    fixture.execute("postgres",
        "ALTER DATABASE " + db + " OWNER TO " + IDS.quote(OWNER_ROLE),
        "REVOKE ALL ON DATABASE " + db + " FROM PUBLIC",
        "GRANT CONNECT ON DATABASE " + db + " TO " + IDS.quote(APP_ROLE),
        "COMMENT ON DATABASE " + db + " IS '" + COMMENT + "'",
        "ALTER DATABASE " + db + " SET search_path TO public, pg_catalog",
        "ALTER DATABASE " + db + " SET statement_timeout TO '5min'",
        "ALTER ROLE " + IDS.quote(APP_ROLE) + " IN DATABASE " + db + " SET work_mem TO '8MB'");
    return production;
  }

  static ProductionPlan plan(ScenarioFixture fixture, String production, boolean keepSafetyCopy) {
    return plan(production, fixture.packageRef(), keepSafetyCopy);
  }

  static ProductionPlan plan(String production, PackageRef pkg, boolean keepSafetyCopy) {
    return ProductionPlan.withDefaults(PROFILE, production, null, pkg, keepSafetyCopy);
  }

  /** Starts the upgrade the way the CLI does and waits for its end. */
  static Outcome run(ScenarioFixture fixture, ProductionPlan plan) {
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

  static DatabaseFingerprint fingerprint(ScenarioFixture fixture, String database) {
    try (Connection c = fixture.connect(database)) {
      return DatabaseFingerprint.of(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Owner, privileges, comment, connection limit and settings of a database, as the catalog shows them. */
  static List<String> attributes(ScenarioFixture fixture, String database) {
    List<String> attributes = new java.util.ArrayList<>(fixture.rows("postgres", """
        SELECT 'owner ' || pg_get_userbyid(datdba) || ', acl ' || coalesce(datacl::text, 'default')
               || ', comment ' || coalesce(shobj_description(oid, 'pg_database'), 'none')
               || ', connection limit ' || datconnlimit || ', allows connections ' || datallowconn
        FROM pg_database WHERE datname = ?
        """, database).stream().map(r -> r.get(0)).toList());
    fixture.rows("postgres", """
        SELECT coalesce(pg_get_userbyid(NULLIF(s.setrole, 0)), 'every role') || ': ' || array_to_string(s.setconfig, '; ')
        FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
        WHERE d.datname = ? ORDER BY 1
        """, database).forEach(r -> attributes.add(r.get(0)));
    return attributes;
  }

  /** The application's own role connects and commits a write. */
  static void writeAsTheApplication(ScenarioFixture fixture, String production, String marker) throws SQLException {
    try (Connection c = fixture.connectAs(production, APP_ROLE); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO comments (ticket_id, author, body, created_at)"
          + " VALUES (1, 'app@example.org', '" + marker + "', now())");
    }
    assertThat(fixture.queryOne(production, "SELECT count(*) FROM comments WHERE body = ?", marker)).isEqualTo("1");
  }

  /**
   * What the pilot path makes of production: a pilot created with the target schema and production's
   * rows imported as the package maps them, by the real activities (the pilot-mode statements, which
   * are the application's own switches for a pilot, are not run).
   */
  static String pilotPathOf(ScenarioFixture fixture, String production) {
    PilotPlan plan = PilotPlan.withDefaults(PROFILE, production, production + "_pilotpath", null,
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
    fixture.connections().evict(PROFILE, plan.pilotDatabase());
    return plan.pilotDatabase();
  }
}
