package com.upgradectl.activities.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.activities.testing.CopyActivities;
import com.upgradectl.activities.testing.CopyFixture;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataCopyResyncTest {
  private static final List<String> DATA_TABLES = List.of("tickets", "ticket_details", "ticket_tags", "audit_log");
  private static final String TOTALS = "SELECT (SELECT count(*) FROM tickets) || '/' || (SELECT count(*) FROM ticket_details)"
      + " || '/' || (SELECT count(*) FROM ticket_tags)";
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void resyncReplacesTheDataRecordsRowByRowAndKeepsThePilotsConfiguration() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        ProgressSinkFactory.NONE, new CopySettings(100))) {
      PilotPlan plan = fixture.plan(2);
      activities.stub.importAllTables(plan);
      // The operators adjust the pilot's configuration...
      fixture.executeOn(fixture.pilot, "UPDATE categories SET name = 'Hardware (v2)', visible = false WHERE id = 1;"
          + " INSERT INTO settings VALUES ('pilot.only', 'yes', 'global'); DELETE FROM settings WHERE key = 'null.value'");
      Map<String, List<List<String>>> pilotConfiguration = configuration(fixture);
      // ...while production lives on: data and configuration change.
      fixture.executeOn(fixture.production, "UPDATE tickets SET subject = 'edited in production', body = NULL WHERE id = 2;"
          + " DELETE FROM ticket_tags WHERE ticket_id = 4; DELETE FROM tickets WHERE id = 4;"
          + " INSERT INTO tickets (category_id, subject, body, status, opened_at, priority)"
          + "   SELECT 3, 'new ' || i, 'new body', 'closed', now(), 3 FROM generate_series(1, 250) AS i;"
          + " INSERT INTO ticket_tags SELECT id, 'fresh' FROM tickets WHERE subject LIKE 'new %';"
          + " DELETE FROM audit_log WHERE message = 'event 3';"
          + " UPDATE categories SET title = 'Changed in production' WHERE id = 2");

      CopyResult result = activities.stub.resyncDataTables(plan);

      for (String table : DATA_TABLES) {
        assertThat(fixture.pilotRows(table)).as(table).isEqualTo(fixture.expectedRows(table));
      }
      assertThat(configuration(fixture)).as("configuration tables are never touched").isEqualTo(pilotConfiguration);
      assertThat(result.tables()).extracting(CopyResult.TableCopied::table).containsExactlyInAnyOrderElementsOf(DATA_TABLES);
      assertThat(result.verification().allMatch()).isTrue();
      assertThat(result.verification().tables()).extracting(TableCheck::table)
          .containsExactlyInAnyOrderElementsOf(DATA_TABLES);
      assertThat(fixture.rows(fixture.pilot, "SELECT to_regnamespace('upgradectl_stage')"))
          .containsExactly(java.util.Arrays.asList((String) null));
      String maxTicket = fixture.rows(fixture.production, "SELECT max(id) FROM tickets").get(0).get(0);
      assertThat(fixture.rows(fixture.pilot, "INSERT INTO tickets (category_id, title, status, opened_at, priority_label)"
          + " VALUES (1, 'by a tester', 'open', now(), 'normal') RETURNING id").get(0).get(0))
          .isEqualTo(Long.toString(Long.parseLong(maxTicket) + 1));
    }
  }

  @Test
  void aReaderOfThePilotSeesTheOldRowsOrTheNewOnesNeverAMix() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      activities.stub.importAllTables(fixture.plan(2));
    }
    String oldTotals = fixture.rows(fixture.pilot, TOTALS).get(0).get(0);
    fixture.executeOn(fixture.production, "INSERT INTO tickets (category_id, subject, body, status, opened_at, priority)"
        + " SELECT 1, 'more ' || i, 'body', 'open', now(), 1 FROM generate_series(1, 500) AS i;"
        + " INSERT INTO ticket_tags SELECT id, 'more' FROM tickets WHERE subject LIKE 'more %'");
    String newTotals = fixture.rows(fixture.production,
        "SELECT (SELECT count(*) FROM tickets) || '/' || (SELECT count(*) FROM tickets WHERE body IS NOT NULL)"
            + " || '/' || (SELECT count(*) FROM ticket_tags)").get(0).get(0);

    // One reader loops all along; another arrives while the swap is under way and must wait for it.
    Set<String> seenByLoop = ConcurrentHashMap.newKeySet();
    AtomicBoolean resyncRunning = new AtomicBoolean(true);
    CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
      try (Connection c = fixture.connect(fixture.pilot)) {
        while (resyncRunning.get()) {
          seenByLoop.add(totals(c));
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    CompletableFuture<String> arrivingMidSwap = new CompletableFuture<>();
    ProgressSink midSwap = report -> {
      if (report.step().equals("resync: verifying") && !arrivingMidSwap.isDone()) {
        readerBlockedBySwap(fixture, arrivingMidSwap);
      }
    };
    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage(), activity -> midSwap,
        CopySettings.defaults())) {
      activities.stub.resyncDataTables(fixture.plan(2));
    } finally {
      resyncRunning.set(false);
    }
    loop.get(1, TimeUnit.MINUTES);

    assertThat(arrivingMidSwap.get(1, TimeUnit.MINUTES)).isEqualTo(newTotals);
    assertThat(seenByLoop).contains(oldTotals).isSubsetOf(oldTotals, newTotals);
    assertThat(fixture.rows(fixture.pilot, TOTALS).get(0).get(0)).isEqualTo(newTotals);
  }

  /**
   * Starts a reader and returns once the server shows it waiting for the swap's lock: the swap has
   * emptied and refilled the tables but not committed.
   */
  private static void readerBlockedBySwap(CopyFixture fixture, CompletableFuture<String> result) {
    try {
      Connection reader = fixture.connect(fixture.pilot);
      long pid;
      try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getLong(1);
      }
      CompletableFuture.runAsync(() -> {
        try (reader) {
          result.complete(totals(reader));
        } catch (SQLException e) {
          result.completeExceptionally(e);
        }
      });
      try (Connection observer = fixture.connect(fixture.pilot); Statement s = observer.createStatement()) {
        for (int attempt = 0; attempt < 3000; attempt++) {
          try (ResultSet rs = s.executeQuery("SELECT wait_event_type FROM pg_stat_activity WHERE pid = " + pid)) {
            if (rs.next() && "Lock".equals(rs.getString(1))) {
              return;
            }
          }
          Thread.sleep(10);
        }
      }
      throw new IllegalStateException("the reader never waited for the swap");
    } catch (SQLException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String totals(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TOTALS)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void dataReferringToConfigurationDeletedInThePilotFailsNamingTheConstraintAndLeavesThePilotAsItWas()
      throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      PilotPlan plan = fixture.plan(2);
      activities.stub.importAllTables(plan);
      fixture.executeOn(fixture.pilot, "DELETE FROM categories WHERE id = 5");
      fixture.executeOn(fixture.production, "INSERT INTO tickets (category_id, subject, status, opened_at, priority)"
          + " VALUES (5, 'in the category the pilot dropped', 'open', now(), 1)");
      Map<String, List<List<String>>> before = dataRows(fixture);

      ApplicationFailure failure = CopyActivities.failureOf(() -> activities.stub.resyncDataTables(plan));

      assertThat(failure.getType()).isEqualTo(FailureTypes.PRECONDITION);
      assertThat(failure.getOriginalMessage()).contains("tickets_category_id_fkey", "table tickets", fixture.pilot,
          "(category_id)=(5)", "left as it was");
      assertThat(dataRows(fixture)).isEqualTo(before);
    }
  }

  @Test
  void aConfigurationTableReferringToADataTableIsRefusedBeforeAnythingChanges() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      PilotPlan plan = fixture.plan(2);
      activities.stub.importAllTables(plan);
      fixture.executeOn(fixture.pilot, "ALTER TABLE settings ADD COLUMN last_ticket bigint REFERENCES tickets(id)");
      fixture.executeOn(fixture.production, "UPDATE tickets SET subject = 'changed' WHERE id = 1");
      Map<String, List<List<String>>> before = dataRows(fixture);

      ApplicationFailure failure = CopyActivities.failureOf(() -> activities.stub.resyncDataTables(plan));

      assertThat(failure.getType()).isEqualTo(FailureTypes.PRECONDITION);
      assertThat(failure.getOriginalMessage()).contains(
          "table settings refers to data table tickets through constraint settings_last_ticket_fkey",
          "Nothing was changed");
      assertThat(dataRows(fixture)).isEqualTo(before);
      assertThat(fixture.rows(fixture.pilot, "SELECT to_regnamespace('upgradectl_stage')"))
          .containsExactly(java.util.Arrays.asList((String) null));
    }
  }

  @Test
  void aSwapThatDoesNotVerifyIsRolledBack() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      PilotPlan plan = fixture.plan(2);
      activities.stub.importAllTables(plan);
      // A pilot trigger rewrites what arrives: the rows that would commit are not production's.
      fixture.executeOn(fixture.pilot, "CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS"
          + " $$ BEGIN NEW.title := upper(NEW.title); RETURN NEW; END $$;"
          + " CREATE TRIGGER shout BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION shout()");
      fixture.executeOn(fixture.production, "INSERT INTO tickets (category_id, subject, status, opened_at, priority)"
          + " VALUES (1, 'whisper', 'open', now(), 1)");
      Map<String, List<List<String>>> before = dataRows(fixture);

      ApplicationFailure failure = CopyActivities.failureOf(() -> activities.stub.resyncDataTables(plan));

      assertThat(failure.getType()).isEqualTo(FailureTypes.VERIFICATION);
      assertThat(failure.getOriginalMessage()).contains("tickets (rows", "checksums differ", "rolled back")
          .doesNotContain("ticket_tags (rows");
      assertThat(dataRows(fixture)).isEqualTo(before);
    }
  }

  @Test
  void afterTheSwitchThePostSwitchCheckFindsTheVerifiedRowsUnderProductionsName() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    PilotPlan plan = fixture.plan(2);
    VerificationReport atSwitch;
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      activities.stub.importAllTables(plan);
      atSwitch = activities.stub.resyncDataTables(plan).verification();
    }
    fixture.executeOn("postgres", "ALTER DATABASE " + plan.productionDatabase() + " RENAME TO " + plan.archiveDatabase());
    fixture.executeOn("postgres", "ALTER DATABASE " + plan.pilotDatabase() + " RENAME TO " + plan.productionDatabase());

    try (CopyActivities activities = CopyActivities.start(fixture)) {
      VerificationReport check = activities.stub.postSwitchCheck(plan, atSwitch);
      assertThat(check.allMatch()).isTrue();
      assertThat(check.tables()).extracting(TableCheck::table).containsExactlyInAnyOrderElementsOf(DATA_TABLES);

      fixture.executeOn(plan.productionDatabase(), "DELETE FROM audit_log WHERE message = 'event 7'");
      VerificationReport after = activities.stub.postSwitchCheck(plan, atSwitch);
      assertThat(after.mismatches()).extracting(TableCheck::table).containsExactly("audit_log");
    }
  }

  private static Map<String, List<List<String>>> configuration(CopyFixture fixture) throws SQLException {
    Map<String, List<List<String>>> rows = new LinkedHashMap<>();
    rows.put("categories", fixture.rows(fixture.pilot, "SELECT * FROM categories ORDER BY id"));
    rows.put("settings", fixture.rows(fixture.pilot, "SELECT * FROM settings ORDER BY key"));
    return rows;
  }

  private static Map<String, List<List<String>>> dataRows(CopyFixture fixture) throws SQLException {
    Map<String, List<List<String>>> rows = new LinkedHashMap<>();
    for (String table : DATA_TABLES) {
      rows.put(table, new ArrayList<>(fixture.rows(fixture.pilot, "SELECT * FROM " + table + " ORDER BY 1, 2")));
    }
    return rows;
  }
}
