package com.upgradectl.activities.platform.sqlserver.live;

import static com.upgradectl.activities.platform.sqlserver.live.SqlServerLiveFixture.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.connect.Connections;
import com.upgradectl.activities.copy.CopySettings;
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
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import's session killed while it bulk-loads a chunk into the pilot: the activity fails, is
 * retried, resumes each table after the pilot's last committed key, and the pilot still reaches
 * READY with exactly production's rows, mapped, neither lost nor doubled. Skipped unless
 * UPGRADE_TEST_SQLSERVER_URL is set (README).
 */
@EnabledIfEnvironmentVariable(named = SqlServerLiveFixture.URL, matches = ".+")
class SqlServerCrashMidImportLiveTest {
  /** Big enough, in chunks this small, that the import is still loading when the watcher looks. */
  private static final long DATA_ROWS = 200_000;
  private static final CopySettings SMALL_CHUNKS = new CopySettings(1_000);

  /** Our bulk load (INSERT BULK from SQLServerBulkCopy) into the pilot. */
  private static final String OUR_BULK_LOAD = """
      SELECT TOP (1) r.session_id, r.command FROM sys.dm_exec_requests AS r
      JOIN sys.dm_exec_sessions AS s ON s.session_id = r.session_id
      WHERE s.program_name = ? AND r.database_id = DB_ID(?) AND r.command LIKE 'BULK%'""";

  @TempDir
  static Path packages;

  private static SqlServerLiveFixture fixture;
  private PilotPlan plan;

  @BeforeAll
  static void start() {
    fixture = SqlServerLiveFixture.start(packages, SMALL_CHUNKS);
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
  void anImportKilledMidChunkIsRetriedFromItsLastCommittedKeyAndThePilotHasExactlyProductionsRows() throws Exception {
    plan = fixture.newProduction("crashed", DATA_ROWS);
    String production = plan.productionDatabase();
    String pilot = plan.pilotDatabase();
    AtomicReference<String> killed = new AtomicReference<>();
    Thread watcher = new Thread(() -> killOneBulkLoad(pilot, killed), "bulk-load-killer");
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

    assertThat(killed.get()).as("a bulk load into the pilot was killed mid-chunk").isNotNull();
    assertThat(ready.failure()).isNull();
    assertThat(ready.lastVerification()).as("counts and checksums of every imported table")
        .isNotEmpty().allMatch(TableCheck::matches);
    for (String table : SqlServerMappedRows.TABLES) {
      SqlServerMappedRows.Queries queries = SqlServerMappedRows.DATA_TABLES.get(table);
      assertThat(fixture.rows(pilot, queries.version2()))
          .as("%s in the pilot against production; killed: %s", table, killed.get())
          .isEqualTo(fixture.rows(production, queries.production()));
    }
    assertThat(fixture.rows(pilot, "SELECT name FROM sys.foreign_keys WHERE is_not_trusted = 1 OR is_disabled = 1"))
        .as("constraints disabled before the kill are enabled and trusted by the retried import").isEmpty();
  }

  /** Polls for one of our bulk loads into the pilot and kills its session, once. */
  private static void killOneBulkLoad(String pilot, AtomicReference<String> killed) {
    try (Connection admin = fixture.connect("master"); PreparedStatement find = admin.prepareStatement(OUR_BULK_LOAD)) {
      find.setString(1, Connections.APPLICATION_NAME);
      find.setString(2, pilot);
      while (!Thread.currentThread().isInterrupted()) {
        try (ResultSet load = find.executeQuery()) {
          if (load.next()) {
            int session = load.getInt(1);
            try (Statement kill = admin.createStatement()) {
              // KILL takes no parameter; the session id is the server's own integer.
              kill.execute("KILL " + session);
            }
            killed.set("session " + session + " (" + load.getString(2) + ") on " + pilot);
            return;
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
}
