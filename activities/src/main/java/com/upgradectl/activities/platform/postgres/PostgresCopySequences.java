package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.platform.postgres.PostgresCatalog.OwnedSequence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * After rows arrive with their own ids, moves each identity/serial sequence past the highest id, so
 * that the next row the application inserts gets a new one.
 */
final class PostgresCopySequences {
  private PostgresCopySequences() {}

  static int advance(Connection pilot, TableInfo table) throws SQLException {
    int advanced = 0;
    for (OwnedSequence sequence : PostgresCatalog.ownedSequences(pilot, table)) {
      try (PreparedStatement s = pilot.prepareStatement(
          PostgresCopySql.advanceSequence(table.schema(), table.name(), sequence.column()))) {
        s.setLong(1, sequence.sequenceOid());
        s.setLong(2, sequence.sequenceOid());
        s.execute();
        advanced++;
      }
    }
    return advanced;
  }
}
