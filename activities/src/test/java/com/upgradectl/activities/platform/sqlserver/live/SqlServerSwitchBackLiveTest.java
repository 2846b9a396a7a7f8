package com.upgradectl.activities.platform.sqlserver.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.pilot.SwitchBackActivitiesImpl;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.platform.sqlserver.SqlServerIdentifiers;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.pilot.ChangeTracking;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import com.upgradectl.workflows.pilot.SwitchBackReport.RowChange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch-back's change record on a real SQL Server (Change Tracking): the application's inserts,
 * updates (a key changed too) and deletes are listed by net effect, and the listed statements, run
 * on the database as it was at the switch, give exactly the database after the writes; a TRUNCATE is
 * refused rather than listed short; stopping turns off only what starting turned on. Skipped unless
 * UPGRADE_TEST_SQLSERVER_URL is set (README).
 */
@EnabledIfEnvironmentVariable(named = SqlServerLiveFixture.URL, matches = ".+")
class SqlServerSwitchBackLiveTest {
  private static final SqlServerIdentifiers IDS = SqlServerIdentifiers.INSTANCE;
  private static final List<String> TABLES = List.of("tickets", "tags");
  private static final String[] DESK = {
      "CREATE TABLE tickets (id int IDENTITY PRIMARY KEY, title nvarchar(200) NOT NULL, due datetime2(3) NULL,"
          + " photo varbinary(max) NULL, score float NULL)",
      "CREATE TABLE tags (ticket_id int NOT NULL, name nvarchar(50) NOT NULL, PRIMARY KEY (ticket_id, name))",
      "SET IDENTITY_INSERT tickets ON",
      "INSERT INTO tickets (id, title, due, photo, score) VALUES (1, N'one', NULL, NULL, 0.1), (2, N'two', NULL, NULL,"
          + " NULL), (3, N'three', '2030-01-01T10:00:00.123', 0x00FF, NULL), (4, N'four', NULL, NULL, NULL)",
      "SET IDENTITY_INSERT tickets OFF",
      "INSERT INTO tags VALUES (1, N'later'), (5, N'later')"};

  @TempDir
  static Path packages;

  private static SqlServerLiveFixture fixture;
  private static SwitchBackActivitiesImpl activities;
  private final List<String> databases = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = SqlServerLiveFixture.start(packages);
    activities = new SwitchBackActivitiesImpl(new DatabaseServers(fixture.connections(), Duration.ofSeconds(10)));
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
  void everyKindOfWriteIsListedByItsNetEffectAndTheStatementsEnterThemAgainExactly() throws SQLException {
    String desk = newDesk();
    String before = newDesk();
    ChangeTracking tracking = activities.startChangeTracking(new DatabaseRef(SqlServerLiveFixture.PROFILE, desk),
        TABLES);

    writeAsTheApplication(desk,
        "INSERT INTO tickets (title, photo) VALUES (N'new, it''s quoted', 0x00FF)",
        "UPDATE tickets SET title = N'first edit' WHERE id = 1",
        "UPDATE tickets SET title = N'second edit', due = '2031-02-03T04:05:06.789', score = 1e-300 WHERE id = 1",
        "DELETE FROM tickets WHERE id = 2",
        "DELETE FROM tickets WHERE id = 4",
        "INSERT INTO tags VALUES (1, N'urgent')",
        "UPDATE tags SET name = N'soon' WHERE ticket_id = 5 AND name = N'later'");

    SwitchBackReport report = activities.changesSinceSwitch(plan(desk), tracking);

    SwitchBackReport.TableChanges tickets = report.tables().get(0);
    assertThat(List.of(tickets.inserted(), tickets.updated(), tickets.deleted())).containsExactly(1L, 1L, 2L);
    assertThat(tickets.rows()).filteredOn(r -> r.kind() == Kind.UPDATED).singleElement()
        .satisfies(r -> assertThat(r.key()).isEqualTo("{\"id\": 1}"));
    SwitchBackReport.TableChanges tags = report.tables().get(1);
    assertThat(List.of(tags.inserted(), tags.updated(), tags.deleted())).as("a changed key: old deleted, new inserted")
        .containsExactly(2L, 0L, 1L);
    applyInOrder(before, report);
    for (String table : TABLES) {
      assertThat(fixture.rows(before, "SELECT * FROM " + table + " ORDER BY 1, 2")).as(table)
          .isEqualTo(fixture.rows(desk, "SELECT * FROM " + table + " ORDER BY 1, 2"));
    }
  }

  @Test
  void aRetriedStartKeepsThePositionAndATruncatedTableIsRefusedNotListedShort() throws SQLException {
    String desk = newDesk();
    DatabaseRef database = new DatabaseRef(SqlServerLiveFixture.PROFILE, desk);
    ChangeTracking first = activities.startChangeTracking(database, TABLES);
    writeAsTheApplication(desk, "INSERT INTO tickets (title) VALUES (N'before the retry')");
    assertThat(activities.startChangeTracking(database, TABLES)).isEqualTo(first);

    fixture.execute(desk, "TRUNCATE TABLE tags");

    assertThat(activities.checkSwitchBackGuardrails(plan(desk), first).refusals())
        .anySatisfy(r -> assertThat(r).contains("does not record its writes since the switch"));
    assertThatThrownBy(() -> activities.changesSinceSwitch(plan(desk), first)).hasMessageContaining("truncated");
  }

  @Test
  void stoppingTurnsOffOnlyWhatStartingTurnedOn() {
    String desk = newDesk();
    fixture.execute(desk, "ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS)",
        "CREATE TABLE audit (id int PRIMARY KEY)", "ALTER TABLE audit ENABLE CHANGE_TRACKING");
    DatabaseRef database = new DatabaseRef(SqlServerLiveFixture.PROFILE, desk);
    activities.startChangeTracking(database, TABLES);

    activities.stopChangeTracking(database);
    activities.stopChangeTracking(database);

    assertThat(fixture.rows(desk, "SELECT OBJECT_NAME(object_id) FROM sys.change_tracking_tables"))
        .containsExactly(List.of("audit"));
    assertThat(fixture.queryOne(desk, "SELECT COUNT(*) FROM sys.change_tracking_databases WHERE database_id = DB_ID()"))
        .isEqualTo("1");
    assertThat(fixture.queryOne(desk, "SELECT COUNT(*) FROM sys.extended_properties WHERE name LIKE N'upgradectl%'"))
        .isEqualTo("0");
  }

  private String newDesk() {
    String name = "desk_" + UUID.randomUUID().toString().substring(0, 8);
    databases.add(name);
    fixture.execute("master", "CREATE DATABASE " + IDS.quote(name));
    fixture.execute(name, DESK);
    fixture.execute(name,
        "CREATE USER " + IDS.quote(fixture.appLogin) + " FOR LOGIN " + IDS.quote(fixture.appLogin),
        "ALTER ROLE db_datawriter ADD MEMBER " + IDS.quote(fixture.appLogin),
        "ALTER ROLE db_datareader ADD MEMBER " + IDS.quote(fixture.appLogin));
    return name;
  }

  private static PilotPlan plan(String desk) {
    return PilotPlan.withDefaults(SqlServerLiveFixture.PROFILE, desk, null, null, fixture.packageRef(), 2)
        .withSwitchBackGrace(60);
  }

  /** Writes as the application's login: the record needs no grant of it. */
  private static void writeAsTheApplication(String database, String... statements) throws SQLException {
    try (Connection c = fixture.connectAsApplication(database); Statement s = c.createStatement()) {
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
    fixture.execute(database, rows.stream().map(RowChange::statement).toArray(String[]::new));
  }
}
