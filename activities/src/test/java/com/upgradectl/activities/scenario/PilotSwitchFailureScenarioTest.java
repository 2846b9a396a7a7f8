package com.upgradectl.activities.scenario;

import static com.upgradectl.activities.scenario.ScenarioFixture.APP_ROLE;
import static com.upgradectl.activities.scenario.ScenarioFixture.PRODUCTION_CONNECTION_LIMIT;
import static com.upgradectl.activities.scenario.ScenarioFixture.awaitPhase;
import static com.upgradectl.activities.scenario.ScenarioFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.testing.FaultInjection.Fault;
import com.upgradectl.activities.testing.FaultInjection.When;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure injected into the real activities at each step of the switch, before the step's real
 * call and after it succeeded: production must come back exactly as the application knew it —
 * under its name, online, writable by the application's role, its own connection limit, every row —
 * and the pilot under its name, still in pilot mode, ready for another try.
 */
class PilotSwitchFailureScenarioTest {

  /** A switch step: the activity method that does it, which of its calls in the switch, and the workflow's name for it. */
  enum Step {
    CAPTURE_SETTINGS("captureProductionSettings", 1, "capture production settings"),
    CATCH_UP("resyncDataTables", 1, "refresh before the freeze"),
    FREEZE("freezeProduction", 1, "freeze production"),
    FINAL_REIMPORT("resyncWhileFrozen", 1, "final re-import of data records"),
    PROVE_NO_WRITE("assertNoWritesSince", 1, "prove no write since the freeze"),
    REMOVE_CAPTURE("stopChangeCapture", 1, "remove change capture from production"),
    RENAME_PRODUCTION("renameDatabase", 1, "rename production to the archive name"),
    TAKE_ARCHIVE_OFFLINE("takeOffline", 1, "take the archive offline"),
    RENAME_PILOT("renameDatabase", 2, "rename the pilot to the production name"),
    POST_SWITCH_STATEMENTS("runPostSwitchStatements", 1, "post-switch statements"),
    POST_SWITCH_CHECK("postSwitchCheck", 1, "post-switch check");

    final String method;
    final int call;
    final String name;

    Step(String method, int call, String name) {
      this.method = method;
      this.call = call;
      this.name = name;
    }
  }

  /** The cases where a switch is tried again without the fault: the latest, most dangerous failures. */
  private static final Set<Step> RETRIED_AFTER = Set.of(Step.RENAME_PILOT, Step.POST_SWITCH_STATEMENTS);

  @TempDir
  static Path packages;

  private static ScenarioFixture fixture;
  private final List<PilotPlan> plans = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = ScenarioFixture.start(packages);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @AfterEach
  void dropDatabases() {
    fixture.faults.disarm();
    plans.forEach(fixture::dropDatabasesOf);
  }

  static Stream<Arguments> faults() {
    return Stream.of(Step.values()).flatMap(step -> Stream.of(When.values()).map(when -> Arguments.of(step, when)));
  }

  @ParameterizedTest(name = "{0} fails {1} its real call")
  @MethodSource("faults")
  void aFailedSwitchLeavesProductionAsTheApplicationKnewIt(Step step, When when) throws Exception {
    PilotPlan plan = fixture.newProduction("fault");
    plans.add(plan);
    PilotUpgradeWorkflow workflow = fixture.start(plan);
    awaitPhase(workflow, PilotPhase.READY);
    Map<String, String> productionBefore = fixture.contents(plan.productionDatabase());

    fixture.faults.arm(ScenarioFixture.workflowId(plan), new Fault(step.method, step.call, when));
    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus rolledBack = awaitPhase(workflow, PilotPhase.READY);

    assertThat(fixture.faults.fired()).as("the fault was injected").isTrue();
    assertThat(rolledBack.failure())
        .startsWith("switch failed at step '" + step.name + "': injected failure at " + step.method)
        .contains("production restored");
    assertProductionRestored(plan, productionBefore);
    assertPilotIntact(plan);
    writeAsTheApplication(plan.productionDatabase());

    if (when == When.AFTER && RETRIED_AFTER.contains(step)) {
      fixture.faults.disarm();
      refreshWorks(workflow, plan);
      switchSucceeds(workflow, plan);
    } else {
      workflow.abandon();
      PilotStatus abandoned = result(workflow);
      assertThat(abandoned.phase()).isEqualTo(PilotPhase.ABANDONED);
      assertThat(abandoned.failure()).as("the pilot was dropped").isNull();
      assertThat(fixture.databases()).as("abandon drops the pilot, never production")
          .contains(plan.productionDatabase()).doesNotContain(plan.pilotDatabase());
    }
  }

  private static void assertProductionRestored(PilotPlan plan, Map<String, String> before) {
    String production = plan.productionDatabase();
    assertThat(fixture.databases()).contains(production).doesNotContain(plan.archiveDatabase());
    assertThat(fixture.allowsConnections(production)).as("production online").isTrue();
    assertThat(fixture.connectionLimit(production)).as("production's own connection limit")
        .isEqualTo(PRODUCTION_CONNECTION_LIMIT);
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("1");
    assertThat(fixture.contents(production)).as("every row production had").isEqualTo(before);
  }

  /** Under its own name, version 2, and its background features still paused. */
  private static void assertPilotIntact(PilotPlan plan) {
    String pilot = plan.pilotDatabase();
    assertThat(fixture.exists(pilot)).as("pilot " + pilot + " exists").isTrue();
    assertThat(fixture.queryOne(pilot, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.queryOne(pilot, "SELECT value FROM settings WHERE name = 'mail.outgoing.enabled'"))
        .as("pilot mode: no mail").isEqualTo("false");
    assertThat(fixture.queryOne(pilot, "SELECT count(*) FROM settings WHERE name = 'ui.banner'"))
        .as("pilot mode: the banner").isEqualTo("1");
  }

  /** The application's own role connects and commits a write: production is not frozen. */
  private static void writeAsTheApplication(String production) throws SQLException {
    try (Connection c = fixture.connectAs(production, APP_ROLE); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO comments (ticket_id, author, body, created_at)"
          + " VALUES (1, 'app@example.org', 'written after the failed switch', now())");
    }
    assertThat(fixture.queryOne(production,
        "SELECT count(*) FROM comments WHERE body = 'written after the failed switch'")).isEqualTo("1");
  }

  /** The pilot, renamed away and back, still takes production's rows. */
  private static void refreshWorks(PilotUpgradeWorkflow workflow, PilotPlan plan) {
    workflow.refresh();
    PilotStatus refreshed = awaitPhase(workflow, PilotPhase.READY);
    assertThat(refreshed.failure()).isNull();
    assertThat(refreshed.refreshCount()).isEqualTo(1);
    assertThat(fixture.queryOne(plan.pilotDatabase(),
        "SELECT count(*) FROM comments WHERE body = 'written after the failed switch'")).isEqualTo("1");
  }

  private static void switchSucceeds(PilotUpgradeWorkflow workflow, PilotPlan plan) {
    String production = plan.productionDatabase();
    Map<String, String> productionAtSwitch = fixture.contents(production);

    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus switched = result(workflow);

    assertThat(switched.phase()).as("failure: %s", switched.failure()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(switched.lastVerification()).isNotEmpty().allMatch(TableCheck::matches);
    assertThat(fixture.databases()).contains(production, plan.archiveDatabase()).doesNotContain(plan.pilotDatabase());
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.queryOne(production, "SELECT count(*) FROM comments WHERE body = 'written after the failed switch'"))
        .as("the application's write reached the new production").isEqualTo("1");
    assertThat(fixture.allowsConnections(plan.archiveDatabase())).as("the archive is offline").isFalse();
    assertThat(fixture.readCopyOf(plan.archiveDatabase(), fixture::contents)).isEqualTo(productionAtSwitch);
  }
}
