package com.upgradectl.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** One embedded PostgreSQL server for a test class, with fresh databases on demand. */
final class EmbeddedDatabases implements AutoCloseable {
  private final EmbeddedPostgres server;

  private EmbeddedDatabases(EmbeddedPostgres server) {
    this.server = server;
  }

  static EmbeddedDatabases start() throws IOException {
    return new EmbeddedDatabases(EmbeddedPostgres.builder().start());
  }

  /** Creates an empty database (names are the tests' own constants) and connects to it. */
  Connection newDatabase(String name) throws SQLException {
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return connect(name);
  }

  Connection connect(String name) throws SQLException {
    return DriverManager.getConnection(server.getJdbcUrl("postgres", name));
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
