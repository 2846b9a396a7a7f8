package com.upgradectl.activities.pilot;

import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.PROFILE;
import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.SUPERUSER;
import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.platform.postgres.PostgresServerFixture;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.ChangeTracking;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.SwitchBackActivities;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import com.upgradectl.workflows.pilot.SwitchBackReport.RowChange;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recording the writes to a database by key and listing their net effect, on a real PostgreSQL, with
 * the application writing as a plain role.
 */
class SwitchBackActivitiesImplTest {
  private static final String WRITER = "desk_writer";
  private static final List<String> TABLES = List.of("tickets", "tags", "notes");
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static PostgresServerFixture pg;
  private static SwitchBackActivities activities;

  @BeforeAll
  static void start() {
    pg = PostgresServerFixture.start();
    pg.execute("postgres", "CREATE ROLE " + WRITER + " LOGIN");
    activities = pg.activityStub(SwitchBackActivities.class, new SwitchBackActivitiesImpl(pg.servers()));
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @Test
  void everyKindOfWriteIsListedByItsNetEffectAndTheStatementsEnterThemAgainExactly() throws Exception {
    String desk = newDesk();
    pg.execute("postgres", "CREATE DATABASE " + desk + "_before TEMPLATE " + desk);
    ChangeTracking tracking = activities.startChangeTracking(new DatabaseRef(PROFILE, desk), TABLES);

    writeAsTheApplication(desk,
        "INSERT INTO tickets VALUES (100, 'new, it''s quoted', NULL, '\\x00ff'::bytea)",
        "UPDATE tickets SET title = 'first edit' WHERE id = 1",
        "UPDATE tickets SET title = 'second edit', due = '2030-01-01' WHERE id = 1",
        "DELETE FROM tickets WHERE id = 2",
        "UPDATE tickets SET id = 300 WHERE id = 3",
        "INSERT INTO tickets VALUES (101, 'short-lived', NULL, NULL)",
        "DELETE FROM tickets WHERE id = 101",
        "DELETE FROM tickets WHERE id = 4",
        "INSERT INTO tickets VALUES (4, 'deleted and entered again', NULL, NULL)",
        "INSERT INTO tags VALUES (1, 'urgent')",
        "DELETE FROM tags WHERE ticket_id = 5 AND name = 'later'",
        "TRUNCATE notes",
        "INSERT INTO notes VALUES (1, 'the first note, written again')");

    SwitchBackReport report = activities.changesSinceSwitch(plan(desk), tracking);

    assertThat(keys(report)).isEqualTo(Map.of(
        "tickets", Map.of(
            Kind.INSERTED, Set.of("{\"id\": 100}", "{\"id\": 300}"),
            Kind.UPDATED, Set.of("{\"id\": 1}", "{\"id\": 4}"),
            Kind.DELETED, Set.of("{\"id\": 2}", "{\"id\": 3}")),
        "tags", Map.of(
            Kind.INSERTED, Set.of("{\"name\": \"urgent\", \"ticket_id\": 1}"),
            Kind.DELETED, Set.of("{\"name\": \"later\", \"ticket_id\": 5}")),
        "notes", Map.of(
            Kind.UPDATED, Set.of("{\"id\": 1}"),
            Kind.DELETED, Set.of("{\"id\": 2}", "{\"id\": 3}"))));
    SwitchBackReport.TableChanges tickets = report.tables().get(0);
    assertThat(List.of(tickets.inserted(), tickets.updated(), tickets.deleted())).containsExactly(2L, 2L, 2L);
    assertThat(report.database()).isEqualTo(desk + "_v2_switched_back");

    // Entered again in the copy taken before recording began, the statements give the same rows.
    applyInOrder(desk + "_before", report);
    for (String table : TABLES) {
      assertThat(contents(desk + "_before", table)).as(table).isEqualTo(contents(desk, table));
    }
  }

  @Test
  void startingAgainKeepsThePositionAndWhatWasRecorded() throws Exception {
    String desk = newDesk();
    DatabaseRef database = new DatabaseRef(PROFILE, desk);
    ChangeTracking first = activities.startChangeTracking(database, TABLES);
    writeAsTheApplication(desk, "INSERT INTO tickets VALUES (100, 'before the retry', NULL, NULL)");

    ChangeTracking retried = activities.startChangeTracking(database, TABLES);
    writeAsTheApplication(desk, "INSERT INTO tickets VALUES (200, 'after the retry', NULL, NULL)");

    assertThat(retried).isEqualTo(first);
    assertThat(keys(activities.changesSinceSwitch(plan(desk), retried)).get("tickets").get(Kind.INSERTED))
        .containsExactly("{\"id\": 100}", "{\"id\": 200}");
  }

  @Test
  void stoppingRemovesTriggersFunctionsAndTheRecordAndTheApplicationWritesOn() throws Exception {
    String desk = newDesk();
    DatabaseRef database = new DatabaseRef(PROFILE, desk);
    ChangeTracking tracking = activities.startChangeTracking(database, TABLES);
    assertThat(activities.checkSwitchBackGuardrails(plan(desk), tracking).refusals())
        .as("with its archive missing only").singleElement().asString().contains("archive database");

    activities.stopChangeTracking(database);
    activities.stopChangeTracking(database);

    assertThat(pg.queryOne(desk, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'upgradectl%'")).isEqualTo("0");
    assertThat(pg.queryOne(desk, "SELECT count(*) FROM pg_namespace WHERE nspname = 'upgradectl_switch_back'"))
        .isEqualTo("0");
    writeAsTheApplication(desk, "INSERT INTO tickets VALUES (100, 'after the period', NULL, NULL)", "TRUNCATE notes");
    assertThat(activities.checkSwitchBackGuardrails(plan(desk), tracking).refusals())
        .anySatisfy(r -> assertThat(r).contains("does not record its writes since the switch"));
  }

  @Test
  void guardrailsRefuseATakenAsideNameAndAMissingArchive() {
    String desk = newDesk();
    ChangeTracking tracking = activities.startChangeTracking(new DatabaseRef(PROFILE, desk), TABLES);
    pg.execute("postgres", "CREATE DATABASE " + desk + "_v2_switched_back");

    List<String> refusals = activities.checkSwitchBackGuardrails(plan(desk), tracking).refusals();

    assertThat(refusals).containsExactly(
        "archive database " + desk + "_v1_archive does not exist on profile " + PROFILE,
        "the name the switched database would get, " + desk + "_v2_switched_back, is taken on profile " + PROFILE);
    pg.execute("postgres", "CREATE DATABASE " + desk + "_v1_archive");
    pg.execute("postgres", "DROP DATABASE " + desk + "_v2_switched_back");
    assertThat(activities.checkSwitchBackGuardrails(plan(desk), tracking).refusals()).isEmpty();
  }

  /** The report travels as an activity result: wide rows are named by key, and the listing stops within its bound. */
  @Test
  void aReportOfWideRowsStaysWithinItsBoundAndKeepsItsCounts() throws Exception {
    String desk = newDesk();
    ChangeTracking tracking = activities.startChangeTracking(new DatabaseRef(PROFILE, desk), TABLES);
    writeAsTheApplication(desk,
        "INSERT INTO notes SELECT g, repeat('x', 20000) FROM generate_series(100, 159) g",
        "INSERT INTO notes VALUES (200, repeat('y', 40000))");

    SwitchBackReport report = activities.changesSinceSwitch(plan(desk), tracking);

    SwitchBackReport.TableChanges notes = report.tables().get(2);
    assertThat(notes.inserted()).isEqualTo(61);
    assertThat(notes.complete()).as("not every row fits").isFalse();
    assertThat(notes.rows()).hasSizeBetween(20, 30)
        .allSatisfy(r -> assertThat(r.statement()).startsWith("INSERT INTO \"notes\""));
    assertThat(notes.rows().stream().mapToInt(r -> r.statement().length()).sum())
        .isLessThanOrEqualTo(SwitchBackActivitiesImpl.LISTED_CHARACTERS);
    assertThat(SwitchBackActivitiesImpl.withinBudget(List.of(new SwitchBackReport.TableChanges("notes", List.of("id"), 1,
        0, 0, List.of(new RowChange(Kind.INSERTED, "{\"id\": 200}", "INSERT " + "y".repeat(40000))))), desk + "_kept")
        .get(0).rows()).singleElement().extracting(RowChange::statement)
        .isEqualTo("-- not listed: its SQL is 40007 characters long; read the row by its key in " + desk + "_kept");
  }

  @Test
  void aTableWithoutAPrimaryKeyIsRefusedNamingItAndNothingIsStarted() {
    String desk = newDesk();
    pg.execute(desk, "CREATE TABLE loose (x integer)");

    ApplicationFailure refused = failure(() -> activities.startChangeTracking(new DatabaseRef(PROFILE, desk),
        List.of("tickets", "loose")));

    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(refused.getOriginalMessage()).contains("table loose", "no primary key");
    assertThat(pg.queryOne(desk, "SELECT count(*) FROM pg_namespace WHERE nspname = 'upgradectl_switch_back'"))
        .isEqualTo("0");
  }

  // ---- helpers

  /** A database with three tables (one with a two-column key) and a few rows the application may write. */
  private static String newDesk() {
    String desk = "desk_" + DATABASES.incrementAndGet();
    pg.execute("postgres", "CREATE DATABASE " + desk);
    pg.execute(desk,
        "CREATE TABLE tickets (id bigint PRIMARY KEY, title text NOT NULL, due date, photo bytea)",
        "CREATE TABLE tags (ticket_id bigint, name text, PRIMARY KEY (ticket_id, name))",
        "CREATE TABLE notes (id integer PRIMARY KEY, body text)",
        "INSERT INTO tickets SELECT g, 'ticket ' || g, NULL, NULL FROM generate_series(1, 10) g",
        "INSERT INTO tags VALUES (5, 'later'), (6, 'later')",
        "INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, 3) g",
        "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO " + WRITER);
    return desk;
  }

  private static PilotPlan plan(String desk) {
    return PilotPlan.withDefaults(PROFILE, desk, null, null,
        new PackageRef("/packages/desk", "sha256:00", "desk", "1", "2"), 2).withSwitchBackGrace(60);
  }

  /** Writes as a plain role: the recording must work without any grant on our schema. */
  private static void writeAsTheApplication(String database, String... statements) throws SQLException {
    try (Connection c = pg.connect(database, WRITER); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Deletes first, then inserts, then updates: a changed key is a delete of the old one and an insert of the new. */
  private static void applyInOrder(String database, SwitchBackReport report) {
    List<RowChange> rows = new ArrayList<>();
    report.tables().forEach(t -> rows.addAll(t.rows()));
    rows.sort(Comparator.comparing(r -> List.of(Kind.DELETED, Kind.INSERTED, Kind.UPDATED).indexOf(r.kind())));
    pg.execute(database, rows.stream().map(RowChange::statement).toArray(String[]::new));
  }

  private static List<String> contents(String database, String table) {
    return pg.queryColumn(database, "SELECT t::text FROM " + table + " t ORDER BY t::text");
  }

  private static Map<String, Map<Kind, Set<String>>> keys(SwitchBackReport report) {
    Map<String, Map<Kind, Set<String>>> keys = new TreeMap<>();
    for (SwitchBackReport.TableChanges table : report.tables()) {
      for (RowChange row : table.rows()) {
        keys.computeIfAbsent(table.table(), t -> new TreeMap<>()).computeIfAbsent(row.kind(), k -> new TreeSet<>())
            .add(row.key());
      }
    }
    return keys;
  }
}
