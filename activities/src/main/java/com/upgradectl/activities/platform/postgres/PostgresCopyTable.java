package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyCheckpoint;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import com.upgradectl.activities.platform.postgres.PostgresCopyStream.Transfer;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one table chunk by chunk, each chunk committed in the destination before the next starts.
 *
 * <p>The destination's own rows say where to go on: a retried copy continues after the highest key
 * the destination holds, so it neither doubles nor loses a row even when the last heartbeat was
 * lost. A table without a usable key is copied whole, in one chunk (one COPY: all or nothing),
 * after removing whatever an earlier attempt left.
 */
final class PostgresCopyTable {
  private static final Logger log = LoggerFactory.getLogger(PostgresCopyTable.class);

  private PostgresCopyTable() {}

  static TableCopied copy(PostgresCopyRun run, PostgresCopyStatements sql, Destination destination,
      PostgresCopyLane lane) {
    String table = sql.plan().name();
    long started = System.nanoTime();
    try {
      long existing = PostgresCopyJdbc.count(lane.pilot(), sql.count(destination));
      TableCopied copied = sql.plan().chunked()
          ? copyInChunks(run, sql, destination, lane, existing)
          : copyWhole(run, sql, destination, lane, existing);
      run.progress().done(table);
      run.job().metrics().tableDone(run.operation(), table, Duration.ofNanos(System.nanoTime() - started));
      return copied;
    } catch (SQLException e) {
      throw run.failure(e, "copying", table);
    }
  }

  private static TableCopied copyInChunks(PostgresCopyRun run, PostgresCopyStatements sql, Destination destination,
      PostgresCopyLane lane, long existing) throws SQLException {
    String table = sql.plan().name();
    List<String> last = null;
    if (existing > 0) {
      last = firstRow(lane.pilot(), sql.highestCopiedKey(destination));
      log.info("resuming {} after key {} ({} rows already there)", table, last, existing);
    }
    run.progress().started(table, existing);
    long rows = existing;
    long bytes = 0;
    int chunkRows = run.job().settings().chunkRows();
    while (true) {
      List<String> end = firstRow(lane.reader(), sql.nextChunkEnd(last, chunkRows));
      if (end == null) {
        break;
      }
      Transfer chunk = PostgresCopyStream.transfer(lane.reader(), lane.pilot(),
          sql.copyOut(new KeyRange(last, end)), sql.copyIn(destination));
      rows += chunk.rows();
      bytes += chunk.bytes();
      last = end;
      chunkCommitted(run, table, last, rows, chunk);
    }
    return new TableCopied(table, rows, bytes, existing);
  }

  private static TableCopied copyWhole(PostgresCopyRun run, PostgresCopyStatements sql, Destination destination,
      PostgresCopyLane lane, long existing) throws SQLException {
    String table = sql.plan().name();
    if (existing > 0) {
      log.info("copying {} whole again (it has no key to resume by): removing the {} rows an earlier attempt left",
          table, existing);
      PostgresCopyJdbc.execute(lane.pilot(), PostgresCopySql.truncate(List.<String[]>of(
          new String[] {destination.schema(), destination.table()})));
    }
    run.progress().started(table, 0);
    Transfer all = PostgresCopyStream.transfer(lane.reader(), lane.pilot(), sql.copyOut(KeyRange.ALL),
        sql.copyIn(destination));
    chunkCommitted(run, table, List.of(), all.rows(), all);
    return new TableCopied(table, all.rows(), all.bytes(), 0);
  }

  private static void chunkCommitted(PostgresCopyRun run, String table, List<String> lastKey, long rows, Transfer chunk) {
    run.job().metrics().copied(run.operation(), table, chunk.rows(), chunk.bytes());
    run.progress().chunk(table, chunk.rows(), chunk.bytes());
    run.job().heartbeat().beat(new CopyCheckpoint(table, lastKey, rows));
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
