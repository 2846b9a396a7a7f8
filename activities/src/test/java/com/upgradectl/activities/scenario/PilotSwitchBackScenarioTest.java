package com.upgradectl.activities.scenario;

import static com.upgradectl.activities.scenario.ScenarioFixture.PRODUCTION_CONNECTION_LIMIT;
import static com.upgradectl.activities.scenario.ScenarioFixture.awaitPhase;
import static com.upgradectl.activities.scenario.ScenarioFixture.awaitStatus;
import static com.upgradectl.activities.scenario.ScenarioFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.testing.FaultInjection.Fault;
import com.upgradectl.activities.testing.FaultInjection.When;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import com.upgradectl.workflows.pilot.SwitchBackReport.RowChange;
import com.upgradectl.workflows.pilot.SwitchRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Switch-back on a real PostgreSQL with the real activities: after a switch, rows are inserted,
 * updated and deleted in the new production; the switch-back gives production's name back to the
 * archive exactly as it was at the switch, keeps the switched database aside with those rows, and
 * lists exactly them. A failure at any switch-back step leaves the new production as it was.
 */
class PilotSwitchBackScenarioTest {
  private static final int GRACE_MINUTES = 60;
  /** The pilot is created with the server's default connection limit: none. */
  private static final int NEW_PRODUCTION_CONNECTION_LIMIT = -1;

  /** A switch-back step: the activity method that does it, which of its calls, and the workflow's name for it. */
  enum Step {
    CAPTURE_SETTINGS("captureProductionSettings", 1, "capture the new production's settings"),
    FREEZE("freezeProduction", 1, "freeze the new production"),
    LIST_ROWS("changesSinceSwitch", 1, "list the rows written since the switch"),
    PROVE_NO_WRITE("assertNoWritesSince", 1, "prove no write since the freeze"),
    RENAME_ASIDE("renameDatabase", 1, "rename the new production aside"),
    BRING_ARCHIVE_ONLINE("bringOnline", 1, "bring the archive online"),
    RENAME_ARCHIVE("renameDatabase", 2, "rename the archive to the production name"),
    RESTORE_SETTINGS("unfreezeProduction", 1, "restore production's settings");

    final String method;
    final int call;
    final String name;

    Step(String method, int call, String name) {
      this.method = method;
      this.call = call;
      this.name = name;
    }
  }

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

  @Test
  void switchBackRestoresTheArchiveAsItWasAndListsExactlyTheRowsWrittenSinceTheSwitch() {
    Switched switched = switchWithGracePeriod("back");
    PilotPlan plan = switched.plan;
    String production = plan.productionDatabase();
    Writes writes = writeToTheNewProduction(production);
    Map<String, String> newProduction = fixture.contents(production);

    switched.workflow.switchBack();
    PilotStatus back = result(switched.workflow);

    assertThat(back.phase()).as("failure: %s", back.failure()).isEqualTo(PilotPhase.SWITCHED_BACK);
    assertThat(fixture.databases()).contains(production, plan.switchedBackDatabase())
        .doesNotContain(plan.archiveDatabase(), plan.pilotDatabase());
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("1");
    assertThat(fixture.contents(production)).as("production is the archive, exactly as at the switch")
        .isEqualTo(switched.productionAtSwitch);
    assertThat(fixture.allowsConnections(production)).isTrue();
    assertThat(fixture.connectionLimit(production)).as("production's own limit, captured at the switch")
        .isEqualTo(PRODUCTION_CONNECTION_LIMIT);
    assertThat(fixture.update(production, "UPDATE tickets SET status = 'open' WHERE id = " + writes.updatedTicket))
        .as("production takes writes").isEqualTo(1);

    String aside = plan.switchedBackDatabase();
    assertThat(fixture.queryOne(aside, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.contents(aside)).as("the switched database is kept, with the rows written to it")
        .isEqualTo(newProduction);

    SwitchBackReport report = back.switchBackReport();
    assertThat(report.database()).isEqualTo(aside);
    assertThat(keys(report)).as("exactly the rows written after the switch").isEqualTo(Map.of(
        "tickets", Map.of(Kind.INSERTED, Set.of(id(writes.newTicket)), Kind.UPDATED, Set.of(id(writes.updatedTicket))),
        "comments", Map.of(Kind.INSERTED, Set.of(id(writes.newComment)), Kind.DELETED, Set.of(id(writes.deletedComment))),
        "computers", Map.of(Kind.UPDATED, Set.of(id(writes.updatedComputer))),
        "ticket_details", Map.of(Kind.DELETED, Set.of("{\"ticket_id\": " + writes.deletedDetails + "}"))));
    SwitchBackReport.TableChanges tickets = table(report, "tickets");
    assertThat(List.of(tickets.inserted(), tickets.updated(), tickets.deleted())).containsExactly(1L, 1L, 0L);
    assertThat(tickets.rows()).filteredOn(r -> r.kind() == Kind.INSERTED).singleElement()
        .extracting(RowChange::statement).asString()
        .startsWith("INSERT INTO \"tickets\" (\"id\", \"summary\"").contains("(" + writes.newTicket + ", ",
            "'written after the switch'");
    assertThat(tickets.rows()).filteredOn(r -> r.kind() == Kind.UPDATED).singleElement()
        .extracting(RowChange::statement).asString()
        .startsWith("UPDATE \"tickets\" SET ").contains("\"status\" = 'closed'")
        .as("integer keys unquoted").endsWith(" WHERE \"id\" = " + writes.updatedTicket + ";");
    assertThat(table(report, "comments").rows()).filteredOn(r -> r.kind() == Kind.DELETED).singleElement()
        .extracting(RowChange::statement).isEqualTo("DELETE FROM \"comments\" WHERE \"id\" = " + writes.deletedComment + ";");
    assertThat(String.join("\n", back.history())).contains("rows written to " + production + " since the switch: 6 rows");
  }

  @Test
  void theTimerEndsThePeriodAndTheNewProductionStopsRecording() throws Exception {
    PilotPlan plan = fixture.newProduction("period").withSwitchBackGrace(1);
    plans.add(plan);
    PilotUpgradeWorkflow workflow = fixture.start(plan);
    awaitPhase(workflow, PilotPhase.READY);
    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus open = awaitStatus(workflow, s -> s.phase() == PilotPhase.SWITCHED && s.switchBackUntil() != null
        || s.phase().isFinal() && s.phase() != PilotPhase.SWITCHED, "SWITCHED with a switch-back period");
    String production = plan.productionDatabase();
    assertThat(open.switchBackUntil()).isNotNull();
    assertThat(fixture.queryOne(production, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'upgradectl_switch_back%'"))
        .as("a row and a truncate trigger on each of the 4 data-record tables").isEqualTo("8");

    PilotStatus ended = result(workflow);

    assertThat(ended.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(ended.failure()).isNull();
    assertThat(fixture.queryOne(production, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'upgradectl_switch_back%'"))
        .isEqualTo("0");
    assertThat(fixture.queryOne(production, "SELECT count(*) FROM pg_namespace WHERE nspname = 'upgradectl_switch_back'"))
        .isEqualTo("0");
    assertThat(fixture.databases()).contains(production, plan.archiveDatabase());
  }

  /** The switch itself, undone after recording began: the pilot is left without any trace of it. */
  @ParameterizedTest(name = "{0} #{1} fails after its real call")
  @MethodSource("switchStepsAfterRecordingBegan")
  void aSwitchUndoneAfterRecordingBeganLeavesNoRecordingInThePilot(String method, int call) {
    PilotPlan plan = fixture.newProduction("undone").withSwitchBackGrace(GRACE_MINUTES);
    plans.add(plan);
    PilotUpgradeWorkflow workflow = fixture.start(plan);
    awaitPhase(workflow, PilotPhase.READY);
    Map<String, String> productionBefore = fixture.contents(plan.productionDatabase());

    fixture.faults.arm(ScenarioFixture.workflowId(plan), new Fault(method, call, When.AFTER));
    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus rolledBack = awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && s.failure() != null
        || s.phase().isFinal(), "READY after the rollback");

    assertThat(fixture.faults.fired()).isTrue();
    assertThat(rolledBack.phase()).as("failure: %s", rolledBack.failure()).isEqualTo(PilotPhase.READY);
    assertThat(rolledBack.failure()).contains("production restored", "undone:", "stop recording the writes to "
        + plan.pilotDatabase());
    assertThat(fixture.contents(plan.productionDatabase())).isEqualTo(productionBefore);
    assertThat(fixture.connectionLimit(plan.productionDatabase())).isEqualTo(PRODUCTION_CONNECTION_LIMIT);
    assertThat(fixture.queryOne(plan.pilotDatabase(),
        "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'upgradectl_switch_back%'")).isEqualTo("0");
    assertThat(fixture.queryOne(plan.pilotDatabase(),
        "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'upgradectl_capture%'"))
        .as("the pilot still captures its testers' writes for the next refresh").isEqualTo("8");
    assertThat(fixture.queryOne(plan.pilotDatabase(),
        "SELECT count(*) FROM pg_namespace WHERE nspname = 'upgradectl_switch_back'")).isEqualTo("0");
  }

  static Stream<Arguments> switchStepsAfterRecordingBegan() {
    return Stream.of(Arguments.of("startChangeTracking", 1), Arguments.of("renameDatabase", 2),
        Arguments.of("postSwitchCheck", 1));
  }

  static Stream<Arguments> faults() {
    return Stream.of(Step.values()).flatMap(step -> Stream.of(When.values()).map(when -> Arguments.of(step, when)));
  }

  @ParameterizedTest(name = "{0} fails {1} its real call")
  @MethodSource("faults")
  void aFailedSwitchBackLeavesTheNewProductionAsItWas(Step step, When when) {
    Switched switched = switchWithGracePeriod("backfault");
    PilotPlan plan = switched.plan;
    String production = plan.productionDatabase();
    writeToTheNewProduction(production);
    Map<String, String> newProduction = fixture.contents(production);

    fixture.faults.arm(ScenarioFixture.workflowId(plan), new Fault(step.method, step.call, when));
    switched.workflow.switchBack();
    PilotStatus rolledBack = awaitStatus(switched.workflow,
        s -> s.phase() == PilotPhase.SWITCHED && s.failure() != null || s.phase().isFinal() && s.phase() != PilotPhase.SWITCHED,
        "SWITCHED after the rollback");

    assertThat(fixture.faults.fired()).as("the fault was injected").isTrue();
    assertThat(rolledBack.phase()).as("failure: %s", rolledBack.failure()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(rolledBack.failure())
        .startsWith("switch-back failed at step '" + step.name + "': injected failure at " + step.method)
        .contains(production + " is the new production still, online and writable");
    assertThat(fixture.databases()).contains(production, plan.archiveDatabase())
        .doesNotContain(plan.switchedBackDatabase());
    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.allowsConnections(production)).isTrue();
    assertThat(fixture.connectionLimit(production)).isEqualTo(NEW_PRODUCTION_CONNECTION_LIMIT);
    assertThat(fixture.contents(production)).as("every row of the new production").isEqualTo(newProduction);
    assertThat(fixture.allowsConnections(plan.archiveDatabase())).as("the archive is offline again").isFalse();
    assertThat(fixture.update(production, "INSERT INTO comments (ticket_id, author, body, created_at)"
        + " VALUES ((SELECT min(id) FROM tickets), 'app@example.org', 'after the failed switch-back', now())"))
        .isEqualTo(1);

    if (when == When.AFTER && step == Step.RESTORE_SETTINGS) {
      fixture.faults.disarm();
      switched.workflow.switchBack();
      PilotStatus back = result(switched.workflow);
      assertThat(back.phase()).as("failure: %s", back.failure()).isEqualTo(PilotPhase.SWITCHED_BACK);
      assertThat(fixture.contents(production)).isEqualTo(switched.productionAtSwitch);
      assertThat(fixture.connectionLimit(production)).isEqualTo(PRODUCTION_CONNECTION_LIMIT);
      assertThat(table(back.switchBackReport(), "comments").inserted()).as("the comment written meanwhile too")
          .isEqualTo(2);
    }
  }

  // ---- helpers

  private record Switched(PilotPlan plan, PilotUpgradeWorkflow workflow, Map<String, String> productionAtSwitch) {}

  private Switched switchWithGracePeriod(String prefix) {
    PilotPlan plan = fixture.newProduction(prefix).withSwitchBackGrace(GRACE_MINUTES);
    plans.add(plan);
    PilotUpgradeWorkflow workflow = fixture.start(plan);
    awaitPhase(workflow, PilotPhase.READY);
    Map<String, String> productionAtSwitch = fixture.contents(plan.productionDatabase());
    workflow.switchToProduction(SwitchRequest.now());
    PilotStatus status = awaitStatus(workflow, s -> s.phase() == PilotPhase.SWITCHED && s.switchBackUntil() != null
        || s.phase() == PilotPhase.READY && s.failure() != null || s.phase().isFinal() && s.phase() != PilotPhase.SWITCHED,
        "SWITCHED with a switch-back period");
    assertThat(status.phase()).as("failure: %s", status.failure()).isEqualTo(PilotPhase.SWITCHED);
    return new Switched(plan, workflow, productionAtSwitch);
  }

  /** The keys written after the switch, by table and kind. */
  private record Writes(long newTicket, long updatedTicket, long newComment, long deletedComment, long updatedComputer,
      long deletedDetails) {}

  /**
   * Inserts, updates and deletes in the new production's data-record tables, plus writes whose net
   * effect is nothing (inserted then deleted) and a row updated twice (listed once).
   */
  private static Writes writeToTheNewProduction(String production) {
    long newTicket = Long.parseLong(fixture.queryOne(production, "INSERT INTO tickets (summary, category_id, priority_id,"
        + " created_at) VALUES ('written after the switch', (SELECT min(id) FROM categories),"
        + " (SELECT min(id) FROM priorities), now()) RETURNING id"));
    long updatedTicket = Long.parseLong(fixture.queryOne(production, "SELECT min(id) FROM tickets"));
    fixture.update(production, "UPDATE tickets SET status = 'closed' WHERE id = " + updatedTicket);
    fixture.update(production, "UPDATE tickets SET time_spent_minutes = 42 WHERE id = " + updatedTicket);
    long newComment = Long.parseLong(fixture.queryOne(production, "INSERT INTO comments (ticket_id, author, body,"
        + " created_at) VALUES (" + newTicket + ", 'agent@example.org', 'a new comment', now()) RETURNING id"));
    long deletedComment = Long.parseLong(fixture.queryOne(production, "SELECT max(id) FROM comments c WHERE id < "
        + newComment + " AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id)"));
    assertThat(fixture.update(production, "DELETE FROM comments WHERE id = " + deletedComment)).isEqualTo(1);
    long transientComment = Long.parseLong(fixture.queryOne(production, "INSERT INTO comments (ticket_id, author, body,"
        + " created_at) VALUES (" + newTicket + ", 'agent@example.org', 'deleted again', now()) RETURNING id"));
    assertThat(fixture.update(production, "DELETE FROM comments WHERE id = " + transientComment)).isEqualTo(1);
    long updatedComputer = Long.parseLong(fixture.queryOne(production, "SELECT min(id) FROM computers"));
    fixture.update(production, "UPDATE computers SET hostname = hostname || '-renamed' WHERE id = " + updatedComputer);
    long deletedDetails = Long.parseLong(fixture.queryOne(production, "SELECT min(ticket_id) FROM ticket_details"));
    assertThat(fixture.update(production, "DELETE FROM ticket_details WHERE ticket_id = " + deletedDetails)).isEqualTo(1);
    return new Writes(newTicket, updatedTicket, newComment, deletedComment, updatedComputer, deletedDetails);
  }

  private static String id(long id) {
    return "{\"id\": " + id + "}";
  }

  /** Table -> kind -> keys, only the tables and kinds with rows. */
  private static Map<String, Map<Kind, Set<String>>> keys(SwitchBackReport report) {
    Map<String, Map<Kind, Set<String>>> keys = new TreeMap<>();
    for (SwitchBackReport.TableChanges table : report.tables()) {
      assertThat(table.complete()).as(table.table() + " listed completely").isTrue();
      for (RowChange row : table.rows()) {
        keys.computeIfAbsent(table.table(), t -> new TreeMap<>()).computeIfAbsent(row.kind(), k -> new TreeSet<>())
            .add(row.key());
      }
    }
    return keys;
  }

  private static SwitchBackReport.TableChanges table(SwitchBackReport report, String name) {
    return report.tables().stream().filter(t -> t.table().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no table " + name + " in " + report));
  }
}
