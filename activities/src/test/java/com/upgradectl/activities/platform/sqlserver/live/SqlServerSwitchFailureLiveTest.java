package com.upgradectl.activities.platform.sqlserver.live;

import static com.upgradectl.activities.platform.sqlserver.live.SqlServerLiveFixture.awaitPhase;
import static com.upgradectl.activities.platform.sqlserver.live.SqlServerLiveFixture.result;
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
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure injected into the real activities at each step of the switch on a real SQL Server,
 * before the step's real call and after it succeeded: production must come back exactly as the
 * application knew it — under its name, ONLINE, MULTI_USER, READ_WRITE, writable by the
 * application's login, every row — and the pilot under its name, still in pilot mode. Skipped unless
 * UPGRADE_TEST_SQLSERVER_URL is set (README).
 */
@EnabledIfEnvironmentVariable(named = SqlServerLiveFixture.URL, matches = ".+")
class SqlServerSwitchFailureLiveTest {

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

  private static SqlServerLiveFixture fixture;
  private final List<PilotPlan> plans = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = SqlServerLiveFixture.start(packages);
  }

  @AfterAll
  static void stop() {
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

    fixture.faults.arm(SqlServerLiveFixture.workflowId(plan), new Fault(step.method, step.call, when));
    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus rolledBack = awaitPhase(workflow, PilotPhase.READY);

    assertThat(fixture.faults.fired()).as("the fault was injected").isTrue();
    assertThat(rolledBack.failure())
        .startsWith("switch failed at step '" + step.name + "': injected failure at " + step.method)
        .contains("production restored");
    String production = plan.productionDatabase();
    assertThat(fixture.databases()).contains(production, plan.pilotDatabase()).doesNotContain(plan.archiveDatabase());
    assertThat(fixture.state(production)).isEqualTo("ONLINE MULTI_USER READ_WRITE");
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("1");
    assertThat(fixture.contents(production)).as("every row production had").isEqualTo(productionBefore);
    assertThat(fixture.queryOne(plan.pilotDatabase(), "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.queryOne(plan.pilotDatabase(), "SELECT value FROM settings WHERE name = 'mail.outgoing.enabled'"))
        .as("pilot mode: no mail").isEqualTo("false");
    writeAsTheApplication(production);

    if (when == When.AFTER && RETRIED_AFTER.contains(step)) {
      fixture.faults.disarm();
      workflow.switchToProduction(SwitchRequest.now());
      PilotStatus switched = result(workflow);
      assertThat(switched.phase()).as("failure: %s", switched.failure()).isEqualTo(PilotPhase.SWITCHED);
      assertThat(switched.lastVerification()).isNotEmpty().allMatch(TableCheck::matches);
      assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
      assertThat(fixture.queryOne(production,
          "SELECT COUNT(*) FROM comments WHERE body = N'written after the failed switch'")).isEqualTo("1");
    } else {
      workflow.abandon();
      PilotStatus abandoned = result(workflow);
      assertThat(abandoned.phase()).isEqualTo(PilotPhase.ABANDONED);
      assertThat(fixture.databases()).contains(production).doesNotContain(plan.pilotDatabase());
    }
  }

  /** The application's own login connects and commits a write: production is not frozen. */
  private static void writeAsTheApplication(String production) throws SQLException {
    try (Connection c = fixture.connectAsApplication(production); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO comments (ticket_id, author, body, internal, created_at)"
          + " VALUES (1, N'app@example.org', N'written after the failed switch', 0, SYSUTCDATETIME())");
    }
    assertThat(fixture.queryOne(production,
        "SELECT COUNT(*) FROM comments WHERE body = N'written after the failed switch'")).isEqualTo("1");
  }
}
