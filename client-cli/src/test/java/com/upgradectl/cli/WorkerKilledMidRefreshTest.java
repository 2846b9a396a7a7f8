package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SampleMappedRows;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with -9 while it applies production's changed keys to the pilot, in a refresh
 * and in the switch's final refresh while production is frozen: the pilot's transaction dies with
 * the worker, the next worker applies the same changes again, and the pilot (after the switch: the
 * new production) holds exactly production's rows as the package maps them.
 */
class WorkerKilledMidRefreshTest {
  private static final int DATA_ROWS = 200_000;
  private static final String PRODUCTION = "servicedesk";
  private static final String PILOT = "servicedesk_v2_pilot";
  /** The application's own role: unlike a superuser, the freeze keeps it out. */
  private static final String APPLICATION = "servicedesk_app";

  @TempDir Path dir;

  @Test
  void aRefreshByChangedKeysKilledMidApplyEndsExactOnTheNextWorker() throws Exception {
    try (RealWorkerFixture fixture = RealWorkerFixture.withProduction(dir, DATA_ROWS, 5_000)) {
      try (WorkerProcess first = fixture.worker("first-worker.out")) {
        startPilot(fixture);
        fixture.awaitPhase(PilotPhase.READY);
        // about a tenth of the tickets, some of their comments, and deletes: by key, not whole
        fixture.execute(PRODUCTION,
            "UPDATE tickets SET title = title || ' (changed)', description = NULL WHERE id % 10 = 3",
            "UPDATE comments SET body = body || ' (edited)' WHERE id % 20 = 7",
            "DELETE FROM comments WHERE id % 50 = 11",
            "UPDATE computers SET hostname = hostname || '-renamed' WHERE id % 30 = 1");

        CliRun refresh = fixture.cli("pilot", "refresh", "--profile", "local", "--database", PRODUCTION);
        assertThat(refresh.exitCode()).as(refresh.toString()).isEqualTo(ExitCodes.OK);
        awaitApplyInPilot(fixture, false);
        first.kill();
      }
      assertThat(fixture.count(PILOT, "SELECT count(*) FROM tickets WHERE summary LIKE '% (changed)'"))
          .as("the killed worker's transaction left nothing in the pilot").isZero();

      try (WorkerProcess second = fixture.worker("second-worker.out")) {
        PilotStatus status = fixture.awaitStatus(s -> s.phase() == PilotPhase.READY && s.refreshCount() == 1,
            "the refresh done by the second worker");

        assertThat(second.output()).contains("changed keys of tickets to apply");
        assertThat(status.failure()).isNull();
        assertThat(status.lastVerification()).allSatisfy(check -> assertThat(check.matches()).isTrue());
        assertThat(mappedRows(fixture, PILOT, false)).isEqualTo(mappedRows(fixture, PRODUCTION, true));
      }
    }
  }

  @Test
  void theSwitchKilledWhileApplyingTheLastChangesFrozenEndsExactOnTheNextWorker() throws Exception {
    try (RealWorkerFixture fixture = RealWorkerFixture.withProduction(dir, DATA_ROWS, 5_000)) {
      grantTheApplication(fixture);
      Map<String, List<List<Object>>> productionAtTheFreeze;
      try (WorkerProcess first = fixture.worker("first-worker.out")) {
        startPilot(fixture);
        fixture.awaitPhase(PilotPhase.READY);

        try (ApplicationWrites writes = ApplicationWrites.start(fixture)) {
          writes.awaitAtLeast(3);
          CliRun switchNow = fixture.cli("pilot", "switch", "--profile", "local", "--database", PRODUCTION);
          assertThat(switchNow.exitCode()).as(switchNow.toString()).isEqualTo(ExitCodes.OK);
          awaitApplyInPilot(fixture, true);
          first.kill();
          assertThat(writes.done()).as("the application wrote while the switch ran").isGreaterThan(3);
        }
        // frozen, and no worker left to thaw it: production holds what the pilot must end with
        productionAtTheFreeze = mappedRows(fixture, PRODUCTION, true);
      }

      try (WorkerProcess second = fixture.worker("second-worker.out")) {
        PilotStatus status = fixture.awaitPhase(PilotPhase.SWITCHED);

        assertThat(second.output()).contains("changed keys of tickets to apply");
        assertThat(status.freezeMillis()).isNotNull();
        // the former pilot is production now
        assertThat(mappedRows(fixture, PRODUCTION, false)).isEqualTo(productionAtTheFreeze);
      }
    }
  }

  private void startPilot(RealWorkerFixture fixture) throws Exception {
    CliRun start = fixture.cli("pilot", "start", "--profile", "local", "--database", PRODUCTION,
        "--package", SamplePackage.extractTo(dir).toString());
    assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
  }

  private static void grantTheApplication(RealWorkerFixture fixture) throws SQLException {
    fixture.execute(PRODUCTION, "CREATE ROLE " + APPLICATION + " LOGIN",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + APPLICATION,
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + APPLICATION);
  }

  /**
   * Waits until a worker holds the pilot's data tables locked for applying changes (the lock the
   * refresh's one transaction takes), with production frozen or not as asked: from then on until
   * its commit, a kill rolls the whole apply back.
   */
  private static void awaitApplyInPilot(RealWorkerFixture fixture, boolean frozen) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
    try (Connection server = fixture.connect("postgres"); Statement statement = server.createStatement()) {
      while (Instant.now().isBefore(giveUp)) {
        try (ResultSet found = statement.executeQuery("SELECT (SELECT datconnlimit = 0 FROM pg_database WHERE datname = '"
            + PRODUCTION + "'), EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
            + " WHERE d.datname = '" + PILOT + "' AND l.locktype = 'relation' AND l.mode = 'ExclusiveLock'"
            + " AND l.granted)")) {
          found.next();
          if (found.getBoolean(1) == frozen && found.getBoolean(2)) {
            return;
          }
        }
        Thread.sleep(2);
      }
    }
    throw new AssertionError("no worker was seen applying changes to the pilot" + (frozen ? " while frozen" : ""));
  }

  /** Each data-record table's rows, as the package maps production's or as the pilot holds them. */
  private static Map<String, List<List<Object>>> mappedRows(RealWorkerFixture fixture, String database,
      boolean asProduction) throws SQLException {
    Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
    try (Connection connection = fixture.connect(database); Statement statement = connection.createStatement()) {
      for (String table : SampleMappedRows.TABLES) {
        SampleMappedRows.Queries queries = SampleMappedRows.DATA_TABLES.get(table);
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(asProduction ? queries.production() : queries.version2())) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
              row.add(result.getString(i));
            }
            rows.add(row);
          }
        }
        tables.put(table, rows);
      }
    }
    return tables;
  }

  /** The application writing to production as its own role until the freeze ends its session. */
  private static final class ApplicationWrites implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong done = new AtomicLong();
    private final Thread thread;

    private ApplicationWrites(RealWorkerFixture fixture) {
      thread = new Thread(() -> {
        long round = 0;
        while (!stop.get()) {
          try (Connection app = fixture.postgres.getDatabase(APPLICATION, PRODUCTION).getConnection();
              Statement statement = app.createStatement()) {
            while (!stop.get()) {
              round++;
              statement.executeUpdate("UPDATE tickets SET title = title || ' w" + round + "' WHERE id IN"
                  + " (SELECT id FROM tickets ORDER BY md5(id::text || '" + round + "') LIMIT 300)");
              statement.executeUpdate("DELETE FROM comments WHERE id = (SELECT min(id) FROM comments)");
              done.incrementAndGet();
              Thread.sleep(20);
            }
          } catch (SQLException refusedOrEnded) {
            sleep(); // ended by the freeze, refused while frozen: the application retries
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "application-writes");
    }

    static ApplicationWrites start(RealWorkerFixture fixture) {
      ApplicationWrites writes = new ApplicationWrites(fixture);
      writes.thread.start();
      return writes;
    }

    void awaitAtLeast(long rounds) throws InterruptedException {
      while (done.get() < rounds) {
        Thread.sleep(20);
      }
    }

    long done() {
      return done.get();
    }

    private static void sleep() {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.interrupt();
      thread.join(10_000);
    }
  }
}
