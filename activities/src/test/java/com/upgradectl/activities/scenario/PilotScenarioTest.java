package com.upgradectl.activities.scenario;

import static com.upgradectl.activities.scenario.ScenarioFixture.awaitPhase;
import static com.upgradectl.activities.scenario.ScenarioFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.upgradectl.examples.SampleMappedRows;
import com.upgradectl.examples.SampleWorkload;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pilot upgrade end to end with the real activities on a real PostgreSQL, steered through the
 * workflow as the CLI steers it: create, refreshes with production changing in between, switch.
 */
class PilotScenarioTest {
  private static final String EDITED_WELCOME = "Welcome to version 2 (edited in the pilot)";
  private static final String EDITED_CATEGORY = "Imprimantes (renamed in the pilot)";
  private static final String SLIPPED_WRITES = "SELECT count(*) FROM comments WHERE body = 'written past the freeze'";

  @TempDir
  static Path packages;

  private static ScenarioFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ScenarioFixture.start(packages);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void createRefreshAndSwitchKeepThePilotsConfigurationAndEveryProductionRow() throws Exception {
    PilotPlan plan = fixture.newProduction("desk");
    String production = plan.productionDatabase();
    String pilot = plan.pilotDatabase();
    String archive = plan.archiveDatabase();

    PilotUpgradeWorkflow workflow = fixture.start(plan);
    PilotStatus created = awaitPhase(workflow, PilotPhase.READY);
    assertThat(created.failure()).isNull();
    assertDataRecordsEqualProductions(production, pilot);
    assertThat(fixture.rows(pilot, "SELECT DISTINCT lifecycle FROM computers ORDER BY 1"))
        .as("both lifecycles, so the mapping's expression is seen at work")
        .containsExactly(List.of("in_use"), List.of("retired"));

    // The operators adjust the pilot's configuration while production goes on.
    assertThat(fixture.update(pilot, "UPDATE settings SET value = ? WHERE name = 'portal.welcome'", EDITED_WELCOME))
        .isEqualTo(1);
    assertThat(fixture.update(pilot, "UPDATE categories SET name = ? WHERE code = 'HW-PRN'", EDITED_CATEGORY))
        .isEqualTo(1);
    Map<String, String> pilotConfiguration = configurationOf(pilot);
    try (Connection c = fixture.connect(production)) {
      SampleWorkload.addDataRecords(c, 40);
      SampleWorkload.updateAndDeleteSomeRecords(c);
      SampleWorkload.changeConfiguration(c);
    }

    PilotStatus refreshed = refresh(workflow, 1);
    assertThat(configurationOf(pilot)).as("the pilot's configuration, edits included").isEqualTo(pilotConfiguration);
    assertThat(fixture.queryOne(pilot, "SELECT value FROM settings WHERE name = 'portal.welcome'"))
        .isEqualTo(EDITED_WELCOME);
    assertDataRecordsEqualProductions(production, pilot);
    assertThat(refreshed.configurationDrift()).as("what SampleWorkload.changeConfiguration touched")
        .containsExactly("categories", "settings");

    try (Connection c = fixture.connect(production)) {
      SampleWorkload.addDataRecords(c, 5);
    }
    PilotStatus refreshedAgain = refresh(workflow, 2);
    assertDataRecordsEqualProductions(production, pilot);
    assertThat(refreshedAgain.configurationDrift()).containsExactly("categories", "settings");

    // Written after the last refresh: only the switch's final re-import can carry it over.
    try (Connection c = fixture.connect(production)) {
      SampleWorkload.addDataRecords(c, 3);
      SampleWorkload.updateAndDeleteSomeRecords(c);
    }
    Map<String, Long> productionAtSwitch = fixture.sampleRowCounts(production);
    Map<String, String> productionContents = fixture.contents(production);

    PilotStatus switched;
    try (Connection application = fixture.connectAs(production, ScenarioFixture.APP_ROLE);
        Statement query = application.createStatement()) {
      query.execute("SELECT count(*) FROM tickets");
      workflow.switchToProduction(SwitchRequest.now());
      switched = result(workflow);
      assertThat(application.isValid(5)).as("the freeze ended the application's session").isFalse();
    }

    assertThat(switched.phase()).as("failure: %s", switched.failure()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(switched.history()).anySatisfy(line -> assertThat(line)
        .contains("the freeze will end these sessions on " + production).contains("user " + ScenarioFixture.APP_ROLE));
    assertThat(switched.lastVerification()).isNotEmpty().allMatch(TableCheck::matches);
    assertThat(fixture.databases()).contains(production, archive).doesNotContain(pilot);
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.allowsConnections(archive)).as("the archive is offline").isFalse();
    fixture.readCopyOf(archive, copy -> {
      assertThat(fixture.sampleRowCounts(copy)).isEqualTo(productionAtSwitch);
      assertThat(fixture.contents(copy)).as("the archive is production as it was").isEqualTo(productionContents);
      assertDataRecordsEqualProductions(copy, production);
      return null;
    });
    Map<String, String> settings = settingsOf(production);
    assertThat(settings).as("post-switch statements ran")
        .containsEntry("client.push.enabled", "true")
        .containsEntry("mail.outgoing.enabled", "true")
        .containsEntry("jobs.scheduler.enabled", "true")
        .doesNotContainKey("ui.banner")
        .containsEntry("portal.welcome", EDITED_WELCOME);
    assertThat(fixture.queryOne(production, "SELECT name FROM categories WHERE code = 'HW-PRN'"))
        .isEqualTo(EDITED_CATEGORY);
  }

  /**
   * The freeze's connection limit does not hold superusers back: a write that slips in after the
   * final re-import would be lost by a switch. It must be caught, the switch undone, the write kept,
   * and the next switch must carry it over.
   */
  @Test
  void aWriteThatSlipsPastTheFreezeStopsTheSwitchAndIsCarriedOverByTheNext() throws Exception {
    PilotPlan plan = fixture.newProduction("intruded");
    String production = plan.productionDatabase();
    PilotUpgradeWorkflow workflow = fixture.start(plan);
    awaitPhase(workflow, PilotPhase.READY);
    List<Connection> intruders = new CopyOnWriteArrayList<>();
    fixture.faults.interfereAfter(ScenarioFixture.workflowId(plan), "resyncWhileFrozen", 1,
        () -> intruders.add(writePastTheFreeze(production)));

    PilotStatus rolledBack;
    try {
      workflow.switchToProduction(SwitchRequest.now());
      rolledBack = awaitPhase(workflow, PilotPhase.READY);
    } finally {
      fixture.faults.disarm();
      for (Connection intruder : intruders) {
        intruder.close();
      }
    }

    assertThat(intruders).as("the write was made").hasSize(1);
    assertThat(rolledBack.failure())
        .startsWith("switch failed at step 'prove no write since the freeze': writes reached production database "
            + production + " after it was frozen")
        .contains("comments")
        .contains("production restored");
    assertThat(fixture.databases()).contains(production, plan.pilotDatabase()).doesNotContain(plan.archiveDatabase());
    assertThat(fixture.allowsConnections(production)).isTrue();
    assertThat(fixture.connectionLimit(production)).isEqualTo(ScenarioFixture.PRODUCTION_CONNECTION_LIMIT);
    assertThat(fixture.queryOne(production, SLIPPED_WRITES)).as("the write is kept").isEqualTo("1");

    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus switched = result(workflow);

    assertThat(switched.phase()).as("failure: %s", switched.failure()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.queryOne(production, SLIPPED_WRITES)).as("the write reached the new production").isEqualTo("1");
  }

  @Test
  void aMissingProductionFailsTheWorkflowNamingItAndCreatesNothing() {
    PilotPlan plan = fixture.plan("nonexistent_desk");
    Set<String> before = fixture.databases();

    PilotUpgradeWorkflow workflow = fixture.start(plan);
    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class, () -> result(workflow));

    assertThat(failed).as("the workflow fails").isNotNull();
    assertThat(failed.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure failure = (ApplicationFailure) failed.getCause();
    assertThat(failure.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(failure.getOriginalMessage())
        .contains("production database nonexistent_desk does not exist")
        .contains("nothing was changed");
    assertThat(workflow.status().phase()).isEqualTo(PilotPhase.FAILED);
    assertThat(fixture.databases()).isEqualTo(before);
  }

  /** A superuser session (not ours) commits a comment on frozen production and stays connected. */
  private static Connection writePastTheFreeze(String production) {
    try {
      Connection intruder = fixture.connect(production);
      try (Statement s = intruder.createStatement()) {
        s.executeUpdate("INSERT INTO comments (ticket_id, author, body, created_at)"
            + " VALUES (1, 'dba@example.org', 'written past the freeze', now())");
      }
      return intruder;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PilotStatus refresh(PilotUpgradeWorkflow workflow, int number) {
    workflow.refresh();
    PilotStatus status = awaitPhase(workflow, PilotPhase.READY);
    assertThat(status.failure()).isNull();
    assertThat(status.refreshCount()).isEqualTo(number);
    return status;
  }

  /** Row by row, every data-record table of version 2 against version-1 rows mapped by hand. */
  private static void assertDataRecordsEqualProductions(String version1, String version2) {
    for (String table : SampleMappedRows.TABLES) {
      SampleMappedRows.Queries queries = SampleMappedRows.DATA_TABLES.get(table);
      List<List<String>> expected = fixture.rows(version1, queries.production());
      assertThat(expected).as(table + " in " + version1).hasSizeGreaterThan(100);
      assertThat(fixture.rows(version2, queries.version2())).as(table + " in " + version2 + " against " + version1)
          .isEqualTo(expected);
    }
  }

  private static Map<String, String> configurationOf(String database) {
    return Map.of(
        "settings", fixture.rows(database, "SELECT * FROM settings ORDER BY name").toString(),
        "categories", fixture.rows(database, "SELECT * FROM categories ORDER BY id").toString(),
        "teams", fixture.rows(database, "SELECT * FROM teams ORDER BY id").toString(),
        "agents", fixture.rows(database, "SELECT * FROM agents ORDER BY id").toString(),
        "priorities", fixture.rows(database, "SELECT * FROM priorities ORDER BY id").toString());
  }

  private static Map<String, String> settingsOf(String database) {
    Map<String, String> settings = new TreeMap<>();
    fixture.rows(database, "SELECT name, value FROM settings").forEach(row -> settings.put(row.get(0), row.get(1)));
    return settings;
  }
}
