package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SampleProduction;
import com.upgradectl.worker.dev.FreePorts;
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
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A Temporal server and a PostgreSQL the worker did not start, reached only through its
 * configuration, as in a real installation; workers run as separate processes that tests kill with
 * -9, and the CLI talks to the same server.
 */
final class RealWorkerFixture implements AutoCloseable {
  static final String ID = "pilot-upgrade/local/servicedesk";
  private static final String PASSWORD_VARIABLE = "UPGRADECTL_TEST_PG_PASSWORD";

  final EmbeddedPostgres postgres;
  private final TestServer.PortBoundTestServer server;
  private final String temporal;
  private final Path dir;
  private final Path config;

  private RealWorkerFixture(Path dir, int chunkRows) throws Exception {
    this.dir = dir;
    int port = FreePorts.pick();
    temporal = "localhost:" + port;
    server = TestServer.createPortBoundServer(port, true);
    postgres = EmbeddedPostgres.start();
    config = writeConfig(chunkRows);
  }

  /** Starts both servers and creates the sample production {@code servicedesk} with its data rows. */
  static RealWorkerFixture withProduction(Path dir, int dataRows, int chunkRows) throws Exception {
    RealWorkerFixture fixture = new RealWorkerFixture(dir, chunkRows);
    fixture.execute("postgres", "CREATE DATABASE servicedesk");
    try (Connection production = fixture.connect("servicedesk")) {
      SampleProduction.create(production, dataRows);
    }
    return fixture;
  }

  private Path writeConfig(int chunkRows) throws Exception {
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
        """.formatted(temporal, chunkRows, postgres.getPort(), PASSWORD_VARIABLE));
    return file;
  }

  WorkerProcess worker(String output) throws Exception {
    // the embedded server trusts local connections: the password only exercises passwordEnv
    return WorkerProcess.startAndAwaitReady(dir.resolve(output), Map.of(PASSWORD_VARIABLE, "unused"),
        "--config", config.toString());
  }

  CliRun cli(String... args) {
    String[] withTemporal = Arrays.copyOf(args, args.length + 2);
    withTemporal[args.length] = "--temporal-address";
    withTemporal[args.length + 1] = temporal;
    return CliRun.run(withTemporal);
  }

  PilotStatus status() {
    return parse(cli("status", "--workflow-id", ID, "--output", "json"));
  }

  /**
   * Polls status until it satisfies the condition. A query can time out while the workflow's tasks
   * still point at a killed worker; those answers are skipped, any other failure is not.
   */
  PilotStatus awaitStatus(Predicate<PilotStatus> condition, String what) throws InterruptedException {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(4));
    Optional<PilotStatus> status = answeredStatus();
    while (!status.map(condition::test).orElse(false)) {
      if (Instant.now().isAfter(giveUp) || status.map(s -> s.phase() == PilotPhase.FAILED).orElse(false)) {
        throw new AssertionError("not seen: " + what + "\n" + status);
      }
      Thread.sleep(500);
      status = answeredStatus();
    }
    return status.get();
  }

  PilotStatus awaitPhase(PilotPhase phase) throws InterruptedException {
    return awaitStatus(s -> s.phase() == phase, "phase " + phase);
  }

  private Optional<PilotStatus> answeredStatus() {
    CliRun json = cli("status", "--workflow-id", ID, "--output", "json");
    if (json.exitCode() == ExitCodes.TEMPORAL_UNREACHABLE && json.err().contains("DEADLINE_EXCEEDED")) {
      return Optional.empty();
    }
    return Optional.of(parse(json));
  }

  private static PilotStatus parse(CliRun json) {
    assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.OK);
    try {
      return StatusJsonReader.pilot(json.out());
    } catch (Exception e) {
      throw new AssertionError("status --output json did not parse:\n" + json, e);
    }
  }

  Connection connect(String database) throws SQLException {
    return postgres.getDatabase("postgres", database).getConnection();
  }

  void execute(String database, String... statements) throws SQLException {
    try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  long count(String database, String query) throws SQLException {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }

  @Override
  public void close() throws Exception {
    try (server) {
      postgres.close();
    }
  }
}
