package com.upgradectl.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL server run from the machine's own binaries, for races against tools that need the
 * server's own client programs beside it: pgcopydb runs pg_dump, and pg_dump refuses a server newer
 * than itself, so the embedded server of the other benchmarks cannot be used with the distribution's
 * pgcopydb. Same settings as those: fsync off, {@value BenchProduction#SHARED_BUFFERS} shared buffers.
 * Run as root, the server runs as the {@code postgres} account (PostgreSQL refuses root).
 */
final class SystemPostgres implements AutoCloseable {
  static final String USER = "postgres";

  private final Path binaries;
  private final Path data;
  private final int port;
  private final boolean asPostgresAccount;
  private final Process server;

  private SystemPostgres(Path binaries, Path data, int port, boolean asPostgresAccount, Process server) {
    this.binaries = binaries;
    this.data = data;
    this.port = port;
    this.asPostgresAccount = asPostgresAccount;
    this.server = server;
  }

  /** The newest PostgreSQL installed under /usr/lib/postgresql, or null. */
  static Path findBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
          .max(Comparator.comparingInt(SystemPostgres::major)).orElse(null);
    }
  }

  private static int major(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static SystemPostgres start(Path binaries) throws IOException, InterruptedException, SQLException {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path data = Files.createTempDirectory("upgradectl-race-pg");
    if (root) {
      Tools.run(List.of("chown", "-R", USER + ":", data.toString()), null);
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> initdb = List.of(binaries.resolve("initdb").toString(), "-D", data.resolve("cluster").toString(),
        "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync");
    Tools.run(asAccount(root, initdb), null);
    List<String> postgres = List.of(binaries.resolve("postgres").toString(), "-D", data.resolve("cluster").toString(),
        "-p", Integer.toString(port), "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=" + data,
        "-c", "fsync=off", "-c", "shared_buffers=" + BenchProduction.SHARED_BUFFERS, "-c", "max_connections=200",
        "-c", "max_wal_size=8GB");
    Process server = new ProcessBuilder(asAccount(root, postgres)).redirectErrorStream(true)
        .redirectOutput(data.resolve("server.log").toFile()).start();
    SystemPostgres started = new SystemPostgres(binaries, data, port, root, server);
    started.awaitLogin();
    return started;
  }

  private static List<String> asAccount(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private void awaitLogin() throws InterruptedException, SQLException {
    SQLException last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the PostgreSQL server of " + binaries + " stopped at start; see " + data.resolve("server.log"));
      }
      try (Connection c = connect("postgres")) {
        return;
      } catch (SQLException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw last;
  }

  Path binaries() {
    return binaries;
  }

  int port() {
    return port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=" + USER;
  }

  /** The form libpq's tools take. */
  String uri(String database) {
    return "postgres://" + USER + "@localhost:" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database));
  }

  void execute(String database, String sql) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  void recreateDatabase(String name) throws SQLException {
    execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    execute("postgres", "CREATE DATABASE " + name);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      Tools.run(asAccount(asPostgresAccount, List.of(binaries.resolve("pg_ctl").toString(), "-D",
          data.resolve("cluster").toString(), "-m", "fast", "-w", "stop")), null);
    } finally {
      server.destroy();
      server.waitFor();
      Tools.run(List.of("rm", "-rf", data.toString()), null);
    }
  }
}
