package com.upgradectl.activities.scenario;

import static com.upgradectl.activities.scenario.ScenarioFixture.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.examples.SampleMappedRows;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database connection dropped in the middle of a copy — the server ends the backend streaming a
 * chunk — costs a retry of the activity, never a row: the pilot still reaches READY with exactly
 * production's rows, mapped.
 */
class ConnectionDroppedMidCopyScenarioTest {
  /** Big enough, in chunks this small, that the import is still copying when the watcher looks. */
  private static final long DATA_ROWS = 200_000;
  private static final CopySettings SMALL_CHUNKS = new CopySettings(1_000);

  /** Our copy statements on any database: the reader's COPY (...) TO STDOUT or the writer's COPY ... FROM STDIN. */
  private static final String OUR_COPY = """
      SELECT pid, datname, query FROM pg_stat_activity
      WHERE application_name = 'upgradectl' AND state = 'active' AND query LIKE 'COPY%'
        AND datname IN (?, ?)
      LIMIT 1""";

  @TempDir
  static Path packages;

  private static ScenarioFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ScenarioFixture.start(packages, SMALL_CHUNKS);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aConnectionDroppedMidCopyIsRetriedAndThePilotHasExactlyProductionsRows() throws Exception {
    PilotPlan plan = fixture.newProduction("dropped", DATA_ROWS);
    String production = plan.productionDatabase();
    String pilot = plan.pilotDatabase();
    AtomicReference<String> terminated = new AtomicReference<>();
    Thread watcher = new Thread(() -> terminateOneCopy(production, pilot, terminated), "copy-terminator");
    watcher.setDaemon(true);
    watcher.start();

    PilotUpgradeWorkflow workflow = fixture.start(plan);
    PilotStatus ready;
    try {
      ready = awaitPhase(workflow, PilotPhase.READY);
    } finally {
      watcher.interrupt();
      watcher.join(5_000);
    }

    assertThat(terminated.get()).as("a copy's backend was terminated mid-copy").isNotNull();
    assertThat(ready.failure()).isNull();
    assertThat(ready.lastVerification()).as("counts and checksums of every imported table")
        .isNotEmpty().allMatch(TableCheck::matches);
    for (String table : SampleMappedRows.TABLES) {
      SampleMappedRows.Queries queries = SampleMappedRows.DATA_TABLES.get(table);
      String expected = digest(production, queries.production());
      assertThat(expected).as(table + " in production").doesNotStartWith("0 ");
      assertThat(digest(pilot, queries.version2()))
          .as("%s in the pilot against production; the copy terminated: %s", table, terminated.get())
          .isEqualTo(expected);
    }
  }

  /**
   * Polls the server for one of our COPY statements at work and terminates its backend, once. What
   * was terminated is recorded as "pid N on database: query".
   */
  private static void terminateOneCopy(String production, String pilot, AtomicReference<String> terminated) {
    try (Connection admin = fixture.connect("postgres");
        PreparedStatement find = admin.prepareStatement(OUR_COPY);
        PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
      find.setString(1, production);
      find.setString(2, pilot);
      while (!Thread.currentThread().isInterrupted()) {
        try (ResultSet copy = find.executeQuery()) {
          if (copy.next()) {
            int pid = copy.getInt(1);
            terminate.setInt(1, pid);
            try (ResultSet done = terminate.executeQuery()) {
              if (done.next() && done.getBoolean(1)) {
                terminated.set("pid " + pid + " on " + copy.getString(2) + ": " + copy.getString(3));
                return;
              }
            }
          }
        }
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Row count and an order-independent digest of the query's rows, computed by the server. */
  private static String digest(String database, String query) {
    return fixture.queryOne(database, "SELECT count(*) || ' rows, md5 ' || md5(coalesce("
        + "string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM (" + query + ") t");
  }
}
