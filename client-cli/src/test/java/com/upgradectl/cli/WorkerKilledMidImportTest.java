package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.worker.dev.FreePorts;
import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with -9 in the middle of importing a table, against a Temporal server and a
 * PostgreSQL it did not start: the next worker resumes that table after its last committed chunk
 * and the pilot ends with exactly production's rows.
 */
class WorkerKilledMidImportTest {
  private static final String ID = "pilot-upgrade/local/servicedesk";
  private static final String PASSWORD_VARIABLE = "UPGRADECTL_TEST_PG_PASSWORD";
  private static final int DATA_ROWS = 300_000;
  private static final int CHUNK_ROWS = 1_000;

  @TempDir Path dir;
  private String temporal;

  @Test
  void theNextWorkerResumesTheInterruptedTableAndThePilotHasExactlyProductionsRows() throws Exception {
    int port = FreePorts.pick();
    temporal = "localhost:" + port;
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      createProduction(postgres);
      Path config = workerConfig(postgres.getPort());
      Path packageDir = SamplePackage.extractTo(dir);

      TableProgress interrupted;
      try (WorkerProcess first = worker(config, "first-worker.out")) {
        CliRun start = cli("pilot", "start", "--profile", "local", "--database", "servicedesk",
            "--package", packageDir.toString());
        assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
        interrupted = awaitTableHalfwayThrough();
        first.kill();
      }

      try (WorkerProcess second = worker(config, "second-worker.out")) {
        PilotStatus status = awaitPhase(PilotPhase.READY);

        assertThat(second.output()).contains("resuming " + interrupted.table() + " after key");
        assertThat(status.lastVerification()).isNotEmpty().allSatisfy(
            check -> assertThat(check.matches()).as(check.toString()).isTrue());
        // data records: the verification's expected rows, and production counted directly, are the pilot's rows
        Map<String, Long> production = mappedProductionRows(postgres);
        Map<String, Long> verified = new LinkedHashMap<>();
        status.lastVerification().stream().filter(check -> production.containsKey(check.table()))
            .forEach(check -> verified.put(check.table(), check.expectedRows()));
        Map<String, Long> pilotRows = countRows(postgres, status.plan().pilotDatabase(), production.keySet());
        assertThat(verified).isEqualTo(production);
        assertThat(pilotRows).isEqualTo(production);
        assertThat(pilotRows.get(interrupted.table())).isGreaterThan(interrupted.rowsDone());
      }
    }
  }

  private void createProduction(EmbeddedPostgres postgres) throws SQLException {
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE servicedesk");
    }
    try (Connection production = postgres.getDatabase("postgres", "servicedesk").getConnection()) {
      SampleProduction.create(production, DATA_ROWS);
    }
  }

  /** Real mode: the worker reaches Temporal and PostgreSQL through its configuration only. */
  private Path workerConfig(int postgresPort) throws Exception {
    Path file = dir.resolve("worker.yaml");
    Files.writeString(file, """
        temporal: { target: "%s" }
        metrics: { port: 0 }
        shutdownTimeoutSeconds: 5
        copy: { chunkRows: %d }
        profiles:
          local:
            platform: postgresql
            serverUrl: "jdbc:postgresql://localhost:%d/postgres"
            user: postgres
            passwordEnv: %s
        """.formatted(temporal, CHUNK_ROWS, postgresPort, PASSWORD_VARIABLE));
    return file;
  }

  private WorkerProcess worker(Path config, String output) throws Exception {
    // the embedded server trusts local connections: the password only exercises passwordEnv
    return WorkerProcess.startAndAwaitReady(dir.resolve(output), Map.of(PASSWORD_VARIABLE, "unused"),
        "--config", config.toString());
  }

  /** A table of the import with committed chunks behind it and at least half still to copy. */
  private TableProgress awaitTableHalfwayThrough() throws InterruptedException {
    Predicate<TableProgress> halfway = t -> !t.done() && t.rowsDone() > 0 && t.rowsDone() * 2 < t.rowsTotal();
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(giveUp)) {
      PilotStatus status = status();
      Optional<TableProgress> table = status.progress() == null ? Optional.empty()
          : status.progress().stream().filter(halfway).findFirst();
      if (table.isPresent()) {
        return table.get();
      }
      assertThat(status.phase()).as("the pilot must still be on its way to READY")
          .isIn(PilotPhase.PREFLIGHT, PilotPhase.CREATING);
      Thread.sleep(50);
    }
    throw new AssertionError("no table was seen half copied:\n" + status());
  }

  /**
   * Polls status until the phase. A query can time out while the workflow's tasks still point at
   * the killed worker; those answers are skipped, any other failure is not.
   */
  private PilotStatus awaitPhase(PilotPhase phase) throws InterruptedException {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(4));
    Optional<PilotStatus> status = answeredStatus();
    while (status.map(PilotStatus::phase).orElse(null) != phase) {
      if (Instant.now().isAfter(giveUp) || status.map(s -> s.phase() == PilotPhase.FAILED).orElse(false)) {
        throw new AssertionError("the pilot did not become " + phase + ":\n" + status);
      }
      Thread.sleep(500);
      status = answeredStatus();
    }
    return status.get();
  }

  private Optional<PilotStatus> answeredStatus() {
    CliRun json = cli("status", "--workflow-id", ID, "--output", "json");
    if (json.exitCode() == ExitCodes.TEMPORAL_UNREACHABLE && json.err().contains("DEADLINE_EXCEEDED")) {
      return Optional.empty();
    }
    return Optional.of(parse(json));
  }

  /** Rows per table, counted in the pilot directly. */
  private static Map<String, Long> countRows(EmbeddedPostgres postgres, String database, Iterable<String> tables)
      throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : tables) {
      rows.put(table, count(postgres, database, "SELECT count(*) FROM " + table));
    }
    return rows;
  }

  /** The data tables the package maps one to one from production, and the one it splits out of tickets. */
  private static Map<String, Long> mappedProductionRows(EmbeddedPostgres postgres) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : SampleProduction.DATA_TABLES) {
      rows.put(table, count(postgres, "servicedesk", "SELECT count(*) FROM " + table));
    }
    rows.put("ticket_details", count(postgres, "servicedesk",
        "SELECT count(*) FROM tickets WHERE description IS NOT NULL OR resolution IS NOT NULL"));
    return rows;
  }

  private static long count(EmbeddedPostgres postgres, String database, String query) throws SQLException {
    try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }

  private PilotStatus status() {
    return parse(cli("status", "--workflow-id", ID, "--output", "json"));
  }

  private static PilotStatus parse(CliRun json) {
    assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.OK);
    try {
      return Json.MAPPER.readValue(json.out(), PilotStatus.class);
    } catch (Exception e) {
      throw new AssertionError("status --output json did not parse:\n" + json, e);
    }
  }

  private CliRun cli(String... args) {
    String[] withTemporal = java.util.Arrays.copyOf(args, args.length + 2);
    withTemporal[args.length] = "--temporal-address";
    withTemporal[args.length + 1] = temporal;
    return CliRun.run(withTemporal);
  }
}
