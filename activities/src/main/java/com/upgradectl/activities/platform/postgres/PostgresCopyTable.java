package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyCheckpoint;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import com.upgradectl.activities.platform.postgres.PostgresCopyStream.Transfer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one key range of a table (the whole table, or one of the ranges a large table is cut into)
 * chunk by chunk, each chunk committed in the destination before the next starts.
 *
 * <p>The destination's own rows say where to go on: a retried copy continues each range after the
 * highest key the destination holds within it, so it neither doubles nor loses a row even when the
 * last heartbeat was lost. A table without a usable key is copied whole, in one chunk (one COPY: all
 * or nothing), after removing whatever an earlier attempt left.
 */
final class PostgresCopyTable {
  private static final Logger log = LoggerFactory.getLogger(PostgresCopyTable.class);

  private PostgresCopyTable() {}

  /** One range of one table: what a lane takes at a time. */
  record Piece(PostgresTableInProgress table, KeyRange range, int number, int of) {
    long estimatedRows() {
      return table.sql().plan().source().estimatedRows() / of;
    }
  }

  static void copy(PostgresCopyRun run, Piece piece, PostgresCopyLane lane) {
    PostgresTableInProgress table = piece.table();
    try {
      table.rangeStarting(run);
      if (table.sql().plan().chunked()) {
        copyInChunks(run, piece, lane);
      } else {
        copyWhole(run, table, lane);
      }
      table.rangeDone(run);
    } catch (SQLException e) {
      throw run.failure(e, "copying", table.name());
    }
  }

  private static void copyInChunks(PostgresCopyRun run, Piece piece, PostgresCopyLane lane) throws SQLException {
    PostgresTableInProgress table = piece.table();
    PostgresCopyStatements sql = table.sql();
    KeyRange range = piece.range();
    List<String> last = range.after();
    if (table.rowsAlready() > 0) {
      List<String> highest = firstRow(lane.pilot(), sql.highestCopiedKey(table.destination(), range));
      if (highest != null) {
        last = highest;
        if (piece.of() == 1) {
          log.info("resuming {} after key {} ({} rows already there)", table.name(), last, table.rowsAlready());
        } else {
          log.info("resuming {} in range {} of {} after key {} ({} rows of the table already there)", table.name(),
              piece.number(), piece.of(), last, table.rowsAlready());
        }
      }
    }
    int chunkRows = run.job().settings().chunkRows();
    while (true) {
      List<String> end = firstRow(lane.reader(), sql.nextChunkEndWithin(new KeyRange(last, range.upTo()), chunkRows));
      if (end == null) {
        break;
      }
      Transfer chunk = PostgresCopyStream.transfer(lane.reader(), lane.pilot(),
          sql.copyOut(new KeyRange(last, end)), sql.copyIn(table.destination()));
      last = end;
      chunkCommitted(run, table, last, chunk);
    }
  }

  private static void copyWhole(PostgresCopyRun run, PostgresTableInProgress table, PostgresCopyLane lane)
      throws SQLException {
    Destination destination = table.destination();
    if (table.rowsAlready() > 0) {
      log.info("copying {} whole again (it has no key to resume by): removing the {} rows an earlier attempt left",
          table.name(), table.rowsAlready());
      PostgresCopyJdbc.execute(lane.pilot(), PostgresCopySql.truncate(List.<String[]>of(
          new String[] {destination.schema(), destination.table()})));
    }
    Transfer all = PostgresCopyStream.transfer(lane.reader(), lane.pilot(), table.sql().copyOut(KeyRange.ALL),
        table.sql().copyIn(destination));
    chunkCommitted(run, table, List.of(), all);
  }

  /** The checkpoint names the range's last key and the whole table's rows so far, all ranges together. */
  private static void chunkCommitted(PostgresCopyRun run, PostgresTableInProgress table, List<String> lastKey,
      Transfer chunk) {
    long rows = table.chunkCommitted(chunk.rows(), chunk.bytes());
    run.job().metrics().copied(run.operation(), table.name(), chunk.rows(), chunk.bytes());
    run.progress().chunk(table.name(), chunk.rows(), chunk.bytes());
    run.job().heartbeat().beat(new CopyCheckpoint(table.name(), lastKey, rows));
  }

  /** The first row's values as text, or null when there is no row. */
  private static List<String> firstRow(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      if (!rs.next()) {
        return null;
      }
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        values.add(rs.getString(i));
      }
      return values;
    }
  }
}
