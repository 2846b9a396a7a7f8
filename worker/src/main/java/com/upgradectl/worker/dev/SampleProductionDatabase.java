package com.upgradectl.worker.dev;

import java.sql.SQLException;

/** Creates a database holding the sample application's version 1 with generated rows. */
final class SampleProductionDatabase {
  private SampleProductionDatabase() {}

  static void create(EmbeddedDatabaseServer server, String name, long dataRows) throws SQLException {
    server.createDatabase(name);
    // the schema and rows come from the examples module's SampleProduction once it lands
  }
}
