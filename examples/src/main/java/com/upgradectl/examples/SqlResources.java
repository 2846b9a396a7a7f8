package com.upgradectl.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** SQL scripts shipped on the classpath, and running them and small units of work on a connection. */
final class SqlResources {
  private SqlResources() {}

  static String read(String resource) {
    try (InputStream in = SqlResources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath resource " + resource, e);
    }
  }

  /** Runs a whole script (several statements, no parameters) in one round trip. */
  static void runScript(Connection conn, String resource) throws SQLException {
    try (Statement statement = conn.createStatement()) {
      statement.execute(read(resource));
    }
  }

  interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs {@code work} in one transaction and puts the connection's auto-commit back as it was. */
  static <T> T inTransaction(Connection conn, Work<T> work) throws SQLException {
    boolean autoCommit = conn.getAutoCommit();
    conn.setAutoCommit(false);
    try {
      T result = work.run();
      conn.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(autoCommit);
    }
  }
}
