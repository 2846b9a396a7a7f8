package com.upgradectl.bench;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.PackageRef;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every benchmark starts from: an embedded PostgreSQL (fsync off: the figures measure the
 * activities, not this machine's disk), reached through connection profile {@value #PROFILE}, holding
 * a generated version-1 sample production named {@value #DATABASE}.
 */
final class BenchProduction implements AutoCloseable {
  static final String PROFILE = "bench";
  static final String DATABASE = "servicedesk";
  private static final String USER = "postgres";
  static final String SHARED_BUFFERS = "2GB";

  private final EmbeddedPostgres postgres;
  private final PooledConnections connections;
  private final Map<String, Long> rowsPerTable;

  private BenchProduction(EmbeddedPostgres postgres, PooledConnections connections, Map<String, Long> rowsPerTable) {
    this.postgres = postgres;
    this.connections = connections;
    this.rowsPerTable = rowsPerTable;
  }

  /** Starts the server and generates a production of {@code dataRows} data-record rows; prints what it made. */
  static BenchProduction start(long dataRows, int poolSize) throws IOException, SQLException {
    // shared_buffers as a server with this much memory is given (the default 128 MB is a laptop's).
    EmbeddedPostgres.Builder server = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
        .setServerConfig("shared_buffers", SHARED_BUFFERS);
    String logDirectory = System.getenv("UPGRADECTL_BENCH_STATEMENT_LOG");
    if (logDirectory != null) {
      // Where a figure needs explaining: every statement of 20 ms or more with its duration, and the plans of the slow ones.
      server.setServerConfig("logging_collector", "on").setServerConfig("log_directory", logDirectory)
          .setServerConfig("log_min_duration_statement", "20")
          .setServerConfig("shared_preload_libraries", "auto_explain")
          .setServerConfig("auto_explain.log_min_duration", "40");
      if (System.getenv("UPGRADECTL_BENCH_EXPLAIN_ANALYZE") != null) {
        // Where the time of a plan goes, the constraint triggers' share included; slows every statement.
        server.setServerConfig("auto_explain.log_analyze", "on").setServerConfig("auto_explain.log_triggers", "on")
            .setServerConfig("auto_explain.log_buffers", "on").setServerConfig("auto_explain.log_nested_statements", "on");
      }
      System.out.println("statements of 20 ms or more are logged in " + logDirectory + ", plans of 40 ms or more");
    }
    EmbeddedPostgres postgres = server.start();
    PooledConnections connections = null;
    try {
      connections = new PooledConnections(List.of(new ConnectionProfile(PROFILE, "postgresql",
          postgres.getJdbcUrl(USER, "postgres"), USER, "")), poolSize, Duration.ofSeconds(30));
      try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
        st.execute("CREATE DATABASE " + DATABASE);
      }
      long start = System.nanoTime();
      Map<String, Long> counts;
      try (Connection production = postgres.getDatabase(USER, DATABASE).getConnection()) {
        counts = SampleProduction.create(production, dataRows);
      }
      BenchProduction bench = new BenchProduction(postgres, connections, counts);
      System.out.printf("generated %,d rows in production in %.1f s: %s%n", bench.rows(), Figures.seconds(start), counts);
      return bench;
    } catch (SQLException | RuntimeException e) {
      if (connections != null) {
        connections.close();
      }
      postgres.close();
      throw e;
    }
  }

  PooledConnections connections() {
    return connections;
  }

  /** A connection of its own to the database named {@value #DATABASE}, outside our pools (the freeze ends pooled ones). */
  Connection connect() throws SQLException {
    return postgres.getDatabase(USER, DATABASE).getConnection();
  }

  /** Where outside tools such as pgbench reach the server (localhost, no password). */
  int port() {
    return postgres.getPort();
  }

  String user() {
    return USER;
  }

  /** Rows of one table as generated. */
  long rowsOf(String table) {
    Long rows = rowsPerTable.get(table);
    if (rows == null) {
      throw new IllegalArgumentException("production has no table " + table + "; it has " + rowsPerTable.keySet());
    }
    return rows;
  }

  /** Every row production holds, configuration tables included. */
  long rows() {
    return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Loads the package in {@code dir} and gives the reference an upgrade plan carries. */
  static PackageRef reference(Path dir) {
    UpgradePackage pkg = UpgradePackageLoader.load(dir);
    return new PackageRef(dir.toString(), pkg.digest(), pkg.name(), pkg.fromVersion(), pkg.toVersion());
  }

  @Override
  public void close() throws IOException {
    try {
      connections.close();
    } finally {
      postgres.close();
    }
  }
}
