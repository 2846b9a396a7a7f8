package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One lane of a parallel copy: a reader in production's read point and a connection to the pilot
 * whose statements (each COPY chunk) commit one by one.
 *
 * @param guard run in each chunk's transaction before its rows go in; a guard that throws keeps the
 *     chunk out (a piece of an import checks its read point is still the import's)
 */
record PostgresCopyLane(Connection reader, Connection pilot, ChunkGuard guard) implements AutoCloseable {

  /** What a chunk's transaction checks before its rows are written; {@link #NONE} checks nothing. */
  @FunctionalInterface
  interface ChunkGuard {
    ChunkGuard NONE = pilot -> {};

    void check(Connection pilot) throws SQLException;
  }

  /** The writes of one chunk in the pilot. */
  @FunctionalInterface
  interface ChunkWrite<T> {
    T write() throws SQLException;
  }

  static PostgresCopyLane open(PostgresCopySnapshot snapshot, DataSource pilot) throws SQLException {
    return open(snapshot, pilot, ChunkGuard.NONE);
  }

  static PostgresCopyLane open(PostgresCopySnapshot snapshot, DataSource pilot, ChunkGuard guard)
      throws SQLException {
    Connection reader = snapshot.openReader();
    try {
      Connection writer = pilot.getConnection();
      writer.setAutoCommit(true);
      return new PostgresCopyLane(reader, writer, guard);
    } catch (SQLException | RuntimeException e) {
      try {
        PostgresCopySnapshot.end(reader);
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Writes one chunk, committed on its own; with a guard, the guard and the writes share one
   * transaction, so a chunk the guard would refuse never commits.
   */
  <T> T chunk(ChunkWrite<T> write) throws SQLException {
    if (guard == ChunkGuard.NONE) {
      return write.write();
    }
    pilot.setAutoCommit(false);
    try {
      guard.check(pilot);
      T written = write.write();
      pilot.commit();
      return written;
    } finally {
      // nothing once committed; the chunk's writes after a failure
      pilot.rollback();
      pilot.setAutoCommit(true);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      PostgresCopySnapshot.end(reader);
    } finally {
      pilot.close();
    }
  }
}
