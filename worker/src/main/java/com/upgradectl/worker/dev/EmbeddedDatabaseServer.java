package com.upgradectl.worker.dev;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.platform.postgres.PostgresIdentifiers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A PostgreSQL 17 server in a temporary directory, gone when closed. */
final class EmbeddedDatabaseServer implements AutoCloseable {
  static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final OrphanGuard guard;

  private EmbeddedDatabaseServer(EmbeddedPostgres postgres, OrphanGuard guard) {
    this.postgres = postgres;
    this.guard = guard;
  }

  static EmbeddedDatabaseServer start() {
    try {
      Path dataDirectory = Files.createTempDirectory("upgradectl-dev-pg-");
      // our own shutdown hook closes it after the worker has stopped using it
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(true)
          .setRegisterShutdownHook(false)
          .start();
      try {
        return new EmbeddedDatabaseServer(postgres, OrphanGuard.watch(dataDirectory));
      } catch (RuntimeException e) {
        postgres.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  /** The JDBC URL of one database; it carries no password (the embedded server trusts local users). */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  int port() {
    return postgres.getPort();
  }

  ConnectionProfile profile(String name) {
    return new ConnectionProfile(name, "postgresql", jdbcUrl("postgres"), USER, "");
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  void createDatabase(String name) throws SQLException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + PostgresIdentifiers.INSTANCE.quote(name));
    }
  }

  @Override
  public void close() throws IOException {
    guard.close();
    postgres.close();
  }
}
