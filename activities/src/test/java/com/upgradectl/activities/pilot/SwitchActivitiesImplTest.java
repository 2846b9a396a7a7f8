package com.upgradectl.activities.pilot;

import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.PROFILE;
import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.SUPERUSER;
import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.postgres.PostgresServer;
import com.upgradectl.activities.platform.postgres.PostgresServerFixture;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.ProductionSettings;
import com.upgradectl.workflows.pilot.SwitchActivities;
import com.upgradectl.workflows.pilot.SwitchGuardrails;
import com.upgradectl.workflows.pilot.WriteCounters;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SwitchActivitiesImplTest {
  private static final String WRITER = "app_writer";
  private static final Duration LONG_TRANSACTION = Duration.ofSeconds(1);

  private static PostgresServerFixture pg;
  private static SwitchActivities activities;

  @BeforeAll
  static void start() {
    pg = PostgresServerFixture.start();
    pg.execute("postgres", "CREATE ROLE " + WRITER + " LOGIN");
    activities = pg.activityStub(SwitchActivities.class, new SwitchActivitiesImpl(pg.servers(), LONG_TRANSACTION));
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @Test
  void freezeEndsTheApplicationsSessionsRefusesNewOnesKeepsOurReadsAndUnfreezeRestoresTheLimit() throws Exception {
    PilotPlan plan = productionWithOrders("shop");
    pg.execute("postgres", "ALTER DATABASE shop CONNECTION LIMIT 17");
    try (Writer writer = new Writer(pg.connect("shop", WRITER))) {
      writer.awaitRows(3);

      ProductionSettings prior = activities.captureProductionSettings(plan);
      WriteCounters atFreeze = activities.freezeProduction(plan);

      assertThat(prior.settings()).containsEntry(PostgresServer.CONNECTION_LIMIT, "17");
      assertThat(writer.stopped()).as("the writing session was ended").isInstanceOf(SQLException.class);
      assertThat(pg.queryOne("postgres", "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + WRITER + "'"))
          .isEqualTo("0");
      assertThatThrownBy(() -> pg.connect("shop", WRITER).close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("too many connections");
      long rows = Long.parseLong(ourRead("shop", "SELECT count(*) FROM orders"));
      assertThat(rows).isGreaterThanOrEqualTo(writer.rows());
      assertThat(atFreeze.writesByTable().get("public.orders")).isGreaterThanOrEqualTo(rows);
      activities.assertNoWritesSince(plan, atFreeze);

      // A retried freeze must not lose the limit: the captured settings are what unfreeze restores.
      activities.freezeProduction(plan);
      activities.unfreezeProduction(plan, prior);
      activities.unfreezeProduction(plan, prior);

      assertThat(pg.queryOne("postgres", "SELECT datconnlimit FROM pg_database WHERE datname = 'shop'")).isEqualTo("17");
      try (Connection again = pg.connect("shop", WRITER); Statement s = again.createStatement()) {
        assertThat(s.executeUpdate("INSERT INTO orders (note) VALUES ('after the freeze')")).isEqualTo(1);
      }
    }
  }

  @Test
  void unfreezeRestoresNoLimitAsNoLimit() {
    PilotPlan plan = productionWithOrders("unlimited");
    ProductionSettings prior = activities.captureProductionSettings(plan);
    activities.freezeProduction(plan);
    assertThat(pg.queryOne("postgres", "SELECT datconnlimit FROM pg_database WHERE datname = 'unlimited'")).isEqualTo("0");

    activities.unfreezeProduction(plan, prior);

    assertThat(prior.settings()).containsEntry(PostgresServer.CONNECTION_LIMIT, "-1");
    assertThat(pg.queryOne("postgres", "SELECT datconnlimit FROM pg_database WHERE datname = 'unlimited'")).isEqualTo("-1");
  }

  @Test
  void aWriteAfterTheFreezeIsCaughtNamingTheTable() throws Exception {
    PilotPlan plan = productionWithOrders("leaky");
    WriteCounters atFreeze = activities.freezeProduction(plan);
    // Superusers are exempt from the connection limit: exactly what the counters are there to catch.
    try (Connection superuser = pg.connect("leaky", SUPERUSER); Statement s = superuser.createStatement()) {
      s.executeUpdate("INSERT INTO orders (note) VALUES ('slipped through')");
    }

    ApplicationFailure caught = failure(() -> activities.assertNoWritesSince(plan, atFreeze));

    assertThat(caught.getType()).isEqualTo(FailureTypes.VERIFICATION);
    assertThat(caught.getOriginalMessage())
        .startsWith("writes reached production database leaky after it was frozen, in 1 table(s): public.orders");
  }

  @Test
  void aSessionStillWritingOnFrozenProductionIsEndedCaughtAndNamed() throws Exception {
    PilotPlan plan = productionWithOrders("intruded");
    WriteCounters atFreeze = activities.freezeProduction(plan);
    try (Connection superuser = pg.connect("intruded", SUPERUSER); Statement s = superuser.createStatement()) {
      int pid = pid(superuser);
      s.executeUpdate("INSERT INTO orders (note) VALUES ('first')");
      s.executeUpdate("INSERT INTO orders (note) VALUES ('second')");

      ApplicationFailure caught = failure(() -> activities.assertNoWritesSince(plan, atFreeze));

      assertThat(caught.getType()).isEqualTo(FailureTypes.VERIFICATION);
      assertThat(caught.getOriginalMessage())
          .contains("public.orders (write counter 0 -> 2)")
          .contains("sessions found on it since the freeze: [pid " + pid + " (user postgres [superuser]");
      assertThat(superuser.isValid(2)).isFalse();
    }
  }

  @Test
  void unfreezeRefusesSettingsOfAnotherDatabase() {
    PilotPlan plan = productionWithOrders("mixed_up");
    ApplicationFailure refused = failure(() -> activities.unfreezeProduction(plan,
        new ProductionSettings("other_db", Map.of(PostgresServer.CONNECTION_LIMIT, "5"))));
    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_INPUT);
  }

  @Test
  void guardrailsAllowASwitchAndListTheSessionsTheFreezeWillEnd() throws Exception {
    PilotPlan plan = productionWithOrders("calm");
    pilotOf(plan);
    try (Connection app = pg.connect("calm", WRITER)) {
      int pid = pid(app);
      SwitchGuardrails guardrails = activities.checkSwitchGuardrails(plan);
      assertThat(guardrails.refusals()).isEmpty();
      assertThat(guardrails.sessionsToBeEnded()).anySatisfy(s -> assertThat(s).startsWith("pid " + pid + " (user " + WRITER));
    }
  }

  @Test
  void guardrailsRefuseASwitchWhileASuperuserIsConnectedNamingTheRole() throws Exception {
    PilotPlan plan = productionWithOrders("mighty");
    pilotOf(plan);
    try (Connection app = pg.connect("mighty", SUPERUSER)) {
      SwitchGuardrails guardrails = activities.checkSwitchGuardrails(plan);

      assertThat(guardrails.allowed()).isFalse();
      assertThat(guardrails.refusals()).singleElement().satisfies(refusal -> assertThat(refusal)
          .startsWith("sessions of superuser " + SUPERUSER + " are connected to production mighty:"
              + " the freeze cannot stop them"));
    }
  }

  @Test
  void guardrailsRefuseALongTransactionNamingItsSession() throws Exception {
    PilotPlan plan = productionWithOrders("busy");
    pilotOf(plan);
    try (Connection app = pg.connect("busy", WRITER)) {
      app.setAutoCommit(false);
      int pid = pid(app);
      Thread.sleep(LONG_TRANSACTION.toMillis() + 300);

      SwitchGuardrails guardrails = activities.checkSwitchGuardrails(plan);

      assertThat(guardrails.allowed()).isFalse();
      assertThat(guardrails.refusals()).singleElement().satisfies(refusal -> assertThat(refusal)
          .startsWith("a transaction has been open on production database busy for ")
          .contains("pid " + pid + " (user " + WRITER)
          .contains("idle in transaction"));
      app.rollback();
    }
  }

  @Test
  void guardrailsRefuseAMissingOrForeignPilotAndATakenArchiveName() {
    PilotPlan missingPilot = productionWithOrders("lonely");
    assertThat(activities.checkSwitchGuardrails(missingPilot).refusals())
        .containsExactly("pilot database lonely_pilot does not exist on profile test");

    PilotPlan foreign = productionWithOrders("crowded");
    pg.server().createDatabase(foreign.pilotDatabase());
    pg.server().createDatabase(foreign.archiveDatabase());
    assertThat(activities.checkSwitchGuardrails(foreign).refusals()).containsExactly(
        "database crowded_pilot on profile test is not this upgrade's pilot (its label is empty)",
        "archive database name crowded_archive is taken: a database of that name exists on profile test");
  }

  @Test
  void guardrailsRefuseASwitchedBackNameTakenSinceTheStart() {
    PilotPlan plan = productionWithOrders("later").withSwitchBackGrace(60);
    pg.server().createDatabase(plan.switchedBackDatabase());

    assertThat(activities.checkSwitchGuardrails(plan).refusals()).anySatisfy(refusal -> assertThat(refusal)
        .startsWith("switched-back database name " + plan.switchedBackDatabase() + " is taken"));
  }

  @Test
  void renameThroughTheActivityIsIdempotentAndRefusesBadNames() {
    productionWithOrders("renamed_prod");
    DatabaseRef production = new DatabaseRef(PROFILE, "renamed_prod");
    activities.renameDatabase(production, "renamed_archive");
    activities.renameDatabase(production, "renamed_archive");
    assertThat(pg.databases()).contains("renamed_archive").doesNotContain("renamed_prod");

    ApplicationFailure bad = failure(() -> activities.renameDatabase(new DatabaseRef(PROFILE, "renamed_archive"), "x]; DROP"));
    assertThat(bad.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(bad.getOriginalMessage()).contains("new database name 'x]; DROP' contains ']'");
  }

  @Test
  void offlineAndOnlineThroughTheActivity() throws Exception {
    productionWithOrders("dark");
    DatabaseRef dark = new DatabaseRef(PROFILE, "dark");
    activities.takeOffline(dark);
    assertThatThrownBy(() -> pg.connect("dark", SUPERUSER).close()).hasMessageContaining("not currently accepting");
    activities.bringOnline(dark);
    pg.connect("dark", SUPERUSER).close();
  }

  // ---- helpers

  private static PilotPlan productionWithOrders(String production) {
    pg.execute("postgres", "CREATE DATABASE " + production);
    pg.execute(production, "CREATE TABLE orders (id serial PRIMARY KEY, note text)",
        "GRANT ALL ON orders TO " + WRITER, "GRANT ALL ON SEQUENCE orders_id_seq TO " + WRITER);
    return new PilotPlan(PROFILE, production, production + "_pilot", production + "_archive",
        new PackageRef("/nowhere", "0", "shop", "1", "2"), 2);
  }

  private static void pilotOf(PilotPlan plan) {
    pg.server().createDatabase(plan.pilotDatabase());
    pg.server().writeMarker(plan.pilotDatabase(), DatabaseMarker.pilotOf(plan));
  }

  private static String ourRead(String database, String sql) throws SQLException {
    try (Connection c = pg.connections().dataSource(PROFILE, database).getConnection();
        Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** The application: one session inserting rows in a loop until its connection is ended. */
  private static final class Writer implements AutoCloseable {
    private final Connection connection;
    private final AtomicInteger rows = new AtomicInteger();
    private final AtomicReference<Exception> stoppedBy = new AtomicReference<>();
    private final Thread thread;

    Writer(Connection connection) {
      this.connection = connection;
      this.thread = new Thread(this::run, "application-writer");
      thread.start();
    }

    private void run() {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (note) VALUES ('written')")) {
        while (!Thread.currentThread().isInterrupted()) {
          insert.executeUpdate();
          rows.incrementAndGet();
          Thread.sleep(5);
        }
      } catch (SQLException e) {
        stoppedBy.set(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void awaitRows(int atLeast) throws InterruptedException {
      while (rows.get() < atLeast && thread.isAlive()) {
        Thread.sleep(10);
      }
      assertThat(rows.get()).as("rows written before the freeze").isGreaterThanOrEqualTo(atLeast);
    }

    Exception stopped() throws InterruptedException {
      thread.join(Duration.ofSeconds(10).toMillis());
      return stoppedBy.get();
    }

    int rows() {
      return rows.get();
    }

    @Override
    public void close() throws Exception {
      thread.interrupt();
      thread.join();
      connection.close();
    }
  }
}
