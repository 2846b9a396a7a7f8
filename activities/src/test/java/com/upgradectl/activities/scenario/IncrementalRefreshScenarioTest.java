package com.upgradectl.activities.scenario;

import static com.upgradectl.activities.scenario.ScenarioFixture.awaitPhase;
import static com.upgradectl.activities.scenario.ScenarioFixture.awaitStatus;
import static com.upgradectl.activities.scenario.ScenarioFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.testing.FaultInjection.Fault;
import com.upgradectl.activities.testing.FaultInjection.When;
import com.upgradectl.examples.SampleMappedRows;
import com.upgradectl.examples.SampleWorkload;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableRefresh;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchForecast;
import com.upgradectl.workflows.pilot.SwitchRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refreshes and the switch by changed keys, on the sample package (renamed column, projection, split
 * table) with the real activities and a real PostgreSQL: after every refresh the pilot's data records
 * equal production's rows as mapped, row by row, whatever production and the testers wrote; tables
 * the capture cannot vouch for are copied whole and say why; the capture leaves no trace.
 */
class IncrementalRefreshScenarioTest {
  private static final long SEED = 20261205L;
  private static final String CAPTURE_TRACES = "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'upgradectl_capture%')"
      + " + (SELECT count(*) FROM pg_namespace WHERE nspname IN ('upgradectl_capture', 'upgradectl_stage_keys'))";

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
  void randomWritesOnBothSidesAreAppliedByKeyExactlyAndTheSwitchFreezesOnlyForTheLastChanges() throws Exception {
    PilotPlan plan = fixture.newProduction("bykey");
    String production = plan.productionDatabase();
    String pilot = plan.pilotDatabase();
    PilotUpgradeWorkflow workflow = fixture.start(plan);
    awaitPhase(workflow, PilotPhase.READY);
    assertThat(fixture.queryOne(production, CAPTURE_TRACES)).as("capture triggers and schema on production")
        .isNotEqualTo("0");
    Random random = new Random(SEED);

    for (int round = 1; round <= 5; round++) {
      writeRandomly(production, random, round);
      writeAsTesters(pilot, round);
      PilotStatus refreshed = refresh(workflow, round);
      assertThat(refreshed.failure()).as("round %d", round).isNull();
      assertDataRecordsEqualProductions(production, pilot, "round " + round);
      Map<String, TableRefresh> how = byTable(refreshed.lastRefresh());
      assertThat(how.keySet()).containsExactlyInAnyOrderElementsOf(SampleMappedRows.TABLES);
      assertThat(how.values()).as("round %d: every table by key", round).noneMatch(TableRefresh::copiedWhole);
      assertThat(how.values().stream().mapToLong(TableRefresh::changedKeys).sum()).isPositive();
    }

    writeRandomly(production, random, 6);
    writeAsTesters(pilot, 6);
    SwitchForecast forecast = workflow.forecastSwitch();
    assertThat(forecast.pendingKeys()).isPositive();
    assertThat(forecast.expectedFreezeMillis()).isPositive();
    // The application writes on between the refresh before the freeze and the freeze: only the frozen step carries it.
    fixture.faults.interfereAfter(ScenarioFixture.workflowId(plan), "resyncDataTables", 1, () -> {
      try {
        writeRandomly(production, random, 7);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    PilotStatus switched;
    try {
      workflow.switchToProduction(SwitchRequest.now());
      switched = result(workflow);
    } finally {
      fixture.faults.disarm();
    }
    Map<String, String> productionContents = fixture.readCopyOf(plan.archiveDatabase(), fixture::contents);

    assertThat(switched.phase()).as("failure: %s", switched.failure()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(switched.history()).anySatisfy(line -> assertThat(line).contains("final refresh while frozen: ")
        .containsPattern("frozen: [1-9][0-9]* changed keys applied"));
    assertThat(switched.lastVerification()).isNotEmpty().allMatch(TableCheck::matches);
    assertThat(switched.freezeMillis()).isNotNull().isPositive();
    assertThat(switched.forecast()).isNotNull();
    fixture.readCopyOf(plan.archiveDatabase(), copy -> {
      assertDataRecordsEqualProductions(copy, production, "after the switch");
      assertThat(fixture.queryOne(copy, CAPTURE_TRACES)).as("no capture left in the archive").isEqualTo("0");
      return null;
    });
    assertThat(fixture.queryOne(production, CAPTURE_TRACES)).as("no capture left in the new production").isEqualTo("0");
  }

  @Test
  void aTruncateOrAWriteTheCaptureMissedMakesThatTableCopiedWholeAndSaysWhy() throws Exception {
    PilotPlan plan = fixture.newProduction("fallback");
    String production = plan.productionDatabase();
    String pilot = plan.pilotDatabase();
    PilotUpgradeWorkflow workflow = fixture.start(plan);
    awaitPhase(workflow, PilotPhase.READY);

    fixture.execute(production,
        "TRUNCATE comments",
        "INSERT INTO comments (ticket_id, author, body, created_at) SELECT id, 'after truncate', 'x', now()"
            + " FROM tickets ORDER BY id LIMIT 7",
        "UPDATE tickets SET title = 'changed by key' WHERE id = (SELECT min(id) FROM tickets)");
    PilotStatus afterTruncate = refresh(workflow, 1);
    assertDataRecordsEqualProductions(production, pilot, "after a TRUNCATE");
    Map<String, TableRefresh> how = byTable(afterTruncate.lastRefresh());
    assertThat(how.get("comments").wholeBecause()).startsWith("it was truncated on production at ");
    assertThat(how.get("tickets").copiedWhole()).isFalse();
    assertThat(how.get("tickets").changedKeys()).isEqualTo(1);

    // A gap: the application's owner turns the trigger off, writes, and turns it on again.
    fixture.execute(production,
        "ALTER TABLE comments DISABLE TRIGGER upgradectl_capture_rows",
        "UPDATE comments SET body = 'unseen by the capture' WHERE id = (SELECT min(id) FROM comments)",
        "ALTER TABLE comments ENABLE TRIGGER upgradectl_capture_rows",
        "UPDATE comments SET body = 'seen' WHERE id = (SELECT max(id) FROM comments)");
    PilotStatus afterGap = refresh(workflow, 2);
    assertDataRecordsEqualProductions(production, pilot, "after a write the capture missed");
    assertThat(byTable(afterGap.lastRefresh()).get("comments").wholeBecause())
        .contains("did not match production after its changed keys were applied");
    assertThat(afterGap.history()).anySatisfy(line -> assertThat(line).contains("copied whole: comments ("));

    // A trigger left off is seen before anything is applied.
    fixture.execute(production, "ALTER TABLE computers DISABLE TRIGGER upgradectl_capture_rows",
        "UPDATE computers SET hostname = 'renamed while off' WHERE id = (SELECT min(id) FROM computers)");
    PilotStatus afterDisabled = refresh(workflow, 3);
    assertDataRecordsEqualProductions(production, pilot, "with a trigger left off");
    Map<String, TableRefresh> disabled = byTable(afterDisabled.lastRefresh());
    assertThat(disabled.get("computers").wholeBecause()).isEqualTo("its capture triggers on production were dropped or disabled");
    assertThat(disabled.get("tickets").wholeBecause()).as("tickets refer to computers")
        .isEqualTo("it refers to computers, which is copied whole");

    workflow.abandon();
    awaitPhase(workflow, PilotPhase.ABANDONED);
    awaitStatus(workflow, s -> !fixture.exists(pilot), "the pilot dropped");
    assertThat(fixture.queryOne(production, CAPTURE_TRACES)).as("abandon removes the capture").isEqualTo("0");
  }

  @Test
  void aPilotWhoseCreationFailsLeavesNoCaptureOnProduction() {
    PilotPlan plan = fixture.newProduction("failedcreate");
    fixture.faults.arm(ScenarioFixture.workflowId(plan), new Fault("importAllTables", 1, When.BEFORE));
    try {
      PilotUpgradeWorkflow workflow = fixture.start(plan);
      PilotStatus failed = awaitPhase(workflow, PilotPhase.FAILED);
      assertThat(fixture.faults.fired()).isTrue();
      assertThat(failed.history()).anySatisfy(line -> assertThat(line)
          .contains("capturing the writes to the data-record tables of " + plan.productionDatabase()));
      assertThat(failed.history()).anySatisfy(line -> assertThat(line)
          .contains("removed the change capture from " + plan.productionDatabase()));
    } finally {
      fixture.faults.disarm();
    }
    assertThat(fixture.queryOne(plan.productionDatabase(), CAPTURE_TRACES)).isEqualTo("0");
  }

  /** Inserts, updates (of keys too, and of what decides the split table's rows), deletes, a key deleted and inserted again. */
  private static void writeRandomly(String database, Random random, int round) throws SQLException {
    try (Connection c = fixture.connect(database); Statement s = c.createStatement()) {
      SampleWorkload.addDataRecords(c, 1 + random.nextInt(6));
      s.executeUpdate("UPDATE tickets SET title = title || ' r" + round + "', description = CASE WHEN id % 2 = 0"
          + " THEN NULL ELSE 'round " + round + "' END, resolution = NULL WHERE id IN (SELECT id FROM tickets"
          + " ORDER BY md5(id::text || '" + random.nextInt() + "') LIMIT 6)");
      s.executeUpdate("UPDATE tickets SET id = id + 1000000 WHERE id = (SELECT max(t.id) FROM tickets t"
          + " WHERE NOT EXISTS (SELECT 1 FROM comments m WHERE m.ticket_id = t.id) AND t.id < 1000000)");
      s.executeUpdate("UPDATE computers SET id = id + 1000000, hostname = hostname || ' moved' WHERE id = (SELECT"
          + " min(p.id) FROM computers p WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.computer_id = p.id)"
          + " AND p.id < 1000000)");
      s.executeUpdate("DELETE FROM tickets WHERE id IN (SELECT id FROM tickets ORDER BY md5(id::text || '"
          + random.nextInt() + "') LIMIT 2)");
      s.executeUpdate("UPDATE comments SET body = body || ' once' WHERE id = (SELECT min(id) FROM comments)");
      s.executeUpdate("UPDATE comments SET body = body || ' twice' WHERE id = (SELECT min(id) FROM comments)");
      c.setAutoCommit(false);
      s.executeUpdate("CREATE TEMPORARY TABLE again ON COMMIT DROP AS SELECT * FROM computers WHERE id = (SELECT"
          + " max(p.id) FROM computers p WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.computer_id = p.id))");
      s.executeUpdate("DELETE FROM computers WHERE id IN (SELECT id FROM again)");
      s.executeUpdate("INSERT INTO computers SELECT * FROM again");
      s.executeUpdate("UPDATE computers SET serial_number = 'reinserted " + round + "' WHERE id IN (SELECT id FROM again)");
      c.commit();
      c.setAutoCommit(true);
      SampleWorkload.updateAndDeleteSomeRecords(c);
    }
  }

  /** What testers do in the pilot's data records: a refresh must put it back to production's rows. */
  private static void writeAsTesters(String pilot, int round) {
    fixture.execute(pilot,
        "UPDATE tickets SET summary = 'tested in round " + round + "' WHERE id = (SELECT min(id) FROM tickets)",
        "DELETE FROM comments WHERE id = (SELECT max(id) FROM comments)",
        "INSERT INTO computers (id, hostname, lifecycle) VALUES (" + (5_000_000 + round) + ", 'tester pc', 'in_stock')");
  }

  private static PilotStatus refresh(PilotUpgradeWorkflow workflow, int number) {
    workflow.refresh();
    return awaitStatus(workflow, s -> s.phase() == PilotPhase.READY && (s.refreshCount() >= number || s.failure() != null),
        "refresh #" + number);
  }

  private static Map<String, TableRefresh> byTable(List<TableRefresh> refresh) {
    return refresh.stream().collect(Collectors.toMap(TableRefresh::table, Function.identity()));
  }

  private static void assertDataRecordsEqualProductions(String production, String pilot, String when) {
    for (String table : SampleMappedRows.TABLES) {
      SampleMappedRows.Queries queries = SampleMappedRows.DATA_TABLES.get(table);
      assertThat(fixture.rows(pilot, queries.version2())).as("%s: %s row by row", when, table)
          .isEqualTo(fixture.rows(production, queries.production()));
    }
  }
}
