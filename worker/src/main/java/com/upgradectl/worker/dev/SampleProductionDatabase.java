package com.upgradectl.worker.dev;

import com.upgradectl.examples.SampleProduction;
import java.sql.Connection;
import java.sql.SQLException;

/** Creates a database holding the sample application's version 1 with generated rows. */
final class SampleProductionDatabase {
  private SampleProductionDatabase() {}

  static void create(EmbeddedDatabaseServer server, String name, long dataRows) throws SQLException {
    server.createDatabase(name);
    try (Connection connection = server.connect(name)) {
      SampleProduction.create(connection, dataRows);
    }
  }
}
