package com.upgradectl.activities.platform.sqlserver.live;

import static com.upgradectl.activities.platform.sqlserver.live.SqlServerLiveFixture.awaitPhase;
import static com.upgradectl.activities.platform.sqlserver.live.SqlServerLiveFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pilot upgrade end to end on a real SQL Server with the real activities, steered through the
 * workflow as the CLI steers it: create from the sample's T-SQL scripts, refresh with production
 * changing in between, switch. Skipped unless UPGRADE_TEST_SQLSERVER_URL is set (README).
 */
@EnabledIfEnvironmentVariable(named = SqlServerLiveFixture.URL, matches = ".+")
class SqlServerPilotScenarioLiveTest {
  private static final String EDITED_WELCOME = "Welcome to version 2 (edited in the pilot) — ✓";

  @TempDir
  static Path packages;

  private static SqlServerLiveFixture fixture;
  private PilotPlan plan;

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
    if (plan != null) {
      fixture.dropDatabasesOf(plan);
    }
  }

  @Test
  void createRefreshAndSwitchKeepThePilotsConfigurationAndEveryProductionRow() throws Exception {
    plan = fixture.newProduction("desk");
    String production = plan.productionDatabase();
    String pilot = plan.pilotDatabase();
    String archive = plan.archiveDatabase();

    PilotUpgradeWorkflow workflow = fixture.start(plan);
    PilotStatus created = awaitPhase(workflow, PilotPhase.READY);
    assertThat(created.failure()).isNull();
    assertThat(created.lastVerification()).isNotEmpty().allMatch(TableCheck::matches);
    assertDataRecordsEqualProductions(production, pilot);
    assertThat(fixture.rows(pilot, "SELECT DISTINCT lifecycle FROM computers ORDER BY 1"))
        .containsExactly(List.of("in_use"), List.of("retired"));
    assertThat(fixture.rows(pilot, "SELECT DISTINCT CAST(portal_visible AS int) FROM categories"))
        .as("the constant 'true' became bit 1").containsExactly(List.of("1"));
    assertTrustedAndReseeded(pilot);
    assertThat(fixture.queryOne(pilot, "SELECT value FROM settings WHERE name = 'mail.outgoing.enabled'"))
        .as("pilot mode").isEqualTo("false");

    assertThat(fixture.update(pilot, "UPDATE settings SET value = ? WHERE name = 'portal.welcome'", EDITED_WELCOME))
        .isEqualTo(1);
    Map<String, String> pilotConfiguration = configurationOf(pilot);
    fixture.execute(production, SqlServerMappedRows.PRODUCTION_CHANGES.toArray(String[]::new));
    fixture.execute(production, "UPDATE settings SET value = N'dark' WHERE name = 'ui.theme'");

    workflow.refresh();
    PilotStatus refreshed = awaitPhase(workflow, PilotPhase.READY);
    assertThat(refreshed.failure()).isNull();
    assertThat(refreshed.refreshCount()).isEqualTo(1);
    assertThat(configurationOf(pilot)).as("the pilot's configuration, edits included").isEqualTo(pilotConfiguration);
    assertThat(refreshed.configurationDrift()).containsExactly("settings");
    assertThat(refreshed.lastRefresh()).as("the sample's data tables have keys: refreshed by the keys Change"
        + " Tracking lists").isNotEmpty().allMatch(r -> !r.copiedWhole());
    assertDataRecordsEqualProductions(production, pilot);
    assertTrustedAndReseeded(pilot);

    fixture.execute(production, "INSERT INTO comments (ticket_id, author, body, internal, created_at)"
        + " VALUES (1, N'app', N'written after the last refresh', 0, SYSUTCDATETIME())");
    Map<String, String> productionAtSwitch = fixture.contents(production);

    PilotStatus switched;
    try (Connection application = fixture.connectAsApplication(production); Statement query = application.createStatement()) {
      query.execute("SELECT COUNT(*) FROM tickets");
      workflow.switchToProduction(SwitchRequest.now());
      switched = result(workflow);
      assertThat(application.isValid(5)).as("the freeze ended the application's session").isFalse();
    }

    assertThat(switched.phase()).as("failure: %s", switched.failure()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(switched.lastVerification()).isNotEmpty().allMatch(TableCheck::matches);
    assertThat(fixture.databases()).contains(production, archive).doesNotContain(pilot);
    assertThat(fixture.state(archive)).as("the archive is offline").startsWith("OFFLINE");
    assertThat(fixture.state(production)).isEqualTo("ONLINE MULTI_USER READ_WRITE");
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.queryOne(production, "SELECT COUNT(*) FROM comments WHERE body = N'written after the last refresh'"))
        .as("the switch's final re-import carried it over").isEqualTo("1");
    assertThat(fixture.readOffline(archive, fixture::contents)).as("the archive is production as it was")
        .isEqualTo(productionAtSwitch);
    Map<String, String> settings = new TreeMap<>();
    fixture.rows(production, "SELECT name, value FROM settings").forEach(r -> settings.put(r.get(0), r.get(1)));
    assertThat(settings).as("post-switch statements ran")
        .containsEntry("client.push.enabled", "true")
        .containsEntry("mail.outgoing.enabled", "true")
        .doesNotContainKey("ui.banner")
        .containsEntry("portal.welcome", EDITED_WELCOME);
  }

  private static void assertDataRecordsEqualProductions(String version1, String version2) {
    for (String table : SqlServerMappedRows.TABLES) {
      SqlServerMappedRows.Queries queries = SqlServerMappedRows.DATA_TABLES.get(table);
      List<List<String>> expected = fixture.rows(version1, queries.production());
      assertThat(expected).as(table + " in " + version1).hasSizeGreaterThan(100);
      assertThat(fixture.rows(version2, queries.version2())).as(table + " in " + version2 + " against " + version1)
          .isEqualTo(expected);
    }
  }

  /** Every constraint checked and trusted, no import record left, identities past the copied ids. */
  private static void assertTrustedAndReseeded(String pilot) {
    assertThat(fixture.rows(pilot, "SELECT name FROM sys.foreign_keys WHERE is_not_trusted = 1 OR is_disabled = 1"
        + " UNION ALL SELECT name FROM sys.check_constraints WHERE is_not_trusted = 1 OR is_disabled = 1")).isEmpty();
    assertThat(fixture.rows(pilot, "SELECT name FROM sys.tables WHERE name = 'upgradectl_import_pending'")).isEmpty();
    assertThat(fixture.rows(pilot, "SELECT name FROM sys.schemas WHERE name = 'upgradectl_stage'")).isEmpty();
    String maxTicket = fixture.queryOne(pilot, "SELECT MAX(id) FROM tickets");
    assertThat(fixture.queryOne(pilot, "SELECT CAST(IDENT_CURRENT('tickets') AS bigint)")).isEqualTo(maxTicket);
  }

  private static Map<String, String> configurationOf(String database) {
    return Map.of(
        "settings", fixture.rows(database, "SELECT * FROM settings ORDER BY name").toString(),
        "categories", fixture.rows(database, "SELECT * FROM categories ORDER BY id").toString(),
        "teams", fixture.rows(database, "SELECT * FROM teams ORDER BY id").toString(),
        "agents", fixture.rows(database, "SELECT * FROM agents ORDER BY id").toString(),
        "priorities", fixture.rows(database, "SELECT * FROM priorities ORDER BY id").toString());
  }
}
