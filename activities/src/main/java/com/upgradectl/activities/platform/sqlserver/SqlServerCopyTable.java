package com.upgradectl.activities.platform.sqlserver;

import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import com.microsoft.sqlserver.jdbc.SQLServerConnection;
import com.microsoft.sqlserver.jdbc.SQLServerResultSet;
import com.microsoft.sqlserver.jdbc.SQLServerSortOrder;
import com.upgradectl.activities.copy.CopyCheckpoint;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Destination;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.KeyRange;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Query;
import com.upgradectl.activities.platform.sqlserver.SqlServerOrderHint.ClusteredColumn;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one table chunk by chunk with SQLServerBulkCopy streaming production's result set into the
 * pilot, each chunk committed before the next starts.
 *
 * <p>The destination's own rows say where to go on: a retried copy continues after the highest key
 * the destination holds, so it neither doubles nor loses a row even when the last heartbeat was
 * lost. A table without a usable key is copied whole, in one transaction, after removing whatever
 * an earlier attempt left.
 *
 * <p>Bulk copy options: KEEP_IDENTITY (production's ids), TABLOCK (a bulk-update lock: minimal
 * logging where the recovery model allows, and the pilot's table is the lane's alone), no constraint
 * checks and no triggers during the load (the import checks every constraint afterwards WITH CHECK),
 * KEEP_NULLS (a NULL stays NULL rather than taking the column's default), the batch as large as the
 * chunk (one round of the protocol per chunk), no timeout (a chunk's time is bounded by its size).
 * When the rows arrive in the destination's clustered key order, the ORDER hint says so ({@link
 * SqlServerOrderHint}).
 */
final class SqlServerCopyTable {
  private static final Logger log = LoggerFactory.getLogger(SqlServerCopyTable.class);

  private SqlServerCopyTable() {}

  static TableCopied copy(SqlServerCopyRun run, SqlServerCopyStatements sql, Destination destination,
      SqlServerCopyLane lane) {
    String table = sql.plan().name();
    long started = System.nanoTime();
    try {
      long existing = SqlServerCopyJdbc.count(lane.pilot(), sql.count(destination));
      List<ClusteredColumn> orderHint = SqlServerOrderHint.forLoad(
          SqlServerCopyCatalog.clusteredKey(lane.pilot(), destination), sql.readOrder(), sql.plan().columns());
      lane.pilot().commit();
      log.debug("bulk copy into {} ordered by {}", destination, orderHint.isEmpty() ? "no hint" : orderHint);
      TableCopied copied = sql.plan().chunked()
          ? copyInChunks(run, sql, destination, lane, existing, orderHint)
          : copyWhole(run, sql, destination, lane, existing, orderHint);
      run.progress().done(table);
      run.job().metrics().tableDone(run.operation(), table, Duration.ofNanos(System.nanoTime() - started));
      return copied;
    } catch (SQLException e) {
      rollbackQuietly(lane.pilot(), e);
      throw run.failure(e, "copying", table);
    }
  }

  static SQLServerBulkCopyOptions options(int chunkRows) throws SQLException {
    SQLServerBulkCopyOptions options = new SQLServerBulkCopyOptions();
    options.setKeepIdentity(true);
    options.setTableLock(true);
    options.setCheckConstraints(false);
    options.setFireTriggers(false);
    options.setKeepNulls(true);
    options.setBatchSize(chunkRows);
    options.setBulkCopyTimeout(0);
    // The chunk commits with the pilot connection's own transaction, together with nothing else.
    options.setUseInternalTransaction(false);
    return options;
  }

  private static TableCopied copyInChunks(SqlServerCopyRun run, SqlServerCopyStatements sql, Destination destination,
      SqlServerCopyLane lane, long existing, List<ClusteredColumn> orderHint) throws SQLException {
    String table = sql.plan().name();
    List<Object> last = null;
    if (existing > 0) {
      last = SqlServerCopyJdbc.firstRow(lane.pilot(), sql.highestCopiedKey(destination));
      lane.pilot().commit();
      log.info("resuming {} after key {} ({} rows already there)", table, last, existing);
    }
    run.progress().started(table, existing);
    long rows = existing;
    long bytes = 0;
    int chunkRows = run.job().settings().chunkRows();
    int keyColumns = sql.plan().key().size();
    while (true) {
      List<Object> end = SqlServerCopyJdbc.firstRow(lane.reader(), sql.nextChunkEnd(last, chunkRows));
      if (end == null) {
        break;
      }
      List<Object> upTo = end.subList(0, keyColumns);
      long chunk = ((Number) end.get(keyColumns)).longValue();
      transfer(lane, sql.select(new KeyRange(last, upTo)), destination, sql, chunkRows, orderHint);
      rows += chunk;
      last = List.copyOf(upTo);
      long chunkBytes = sql.plan().source().estimatedBytes(chunk);
      bytes += chunkBytes;
      chunkCommitted(run, table, last, rows, chunk, chunkBytes);
    }
    return new TableCopied(table, rows, bytes, existing);
  }

  private static TableCopied copyWhole(SqlServerCopyRun run, SqlServerCopyStatements sql, Destination destination,
      SqlServerCopyLane lane, long existing, List<ClusteredColumn> orderHint) throws SQLException {
    String table = sql.plan().name();
    if (existing > 0) {
      log.info("copying {} whole again (it has no key to resume by): removing the {} rows an earlier attempt left",
          table, existing);
    }
    run.progress().started(table, 0);
    // Removed and loaded in one transaction: a crash leaves the table as it was, never half loaded.
    SqlServerCopyJdbc.execute(lane.pilot(), SqlServerCopyStatements.deleteAll(destination));
    transfer(lane, sql.select(KeyRange.ALL), destination, sql, run.job().settings().chunkRows(), orderHint);
    long rows = SqlServerCopyJdbc.count(lane.pilot(), sql.count(destination));
    lane.pilot().commit();
    long bytes = sql.plan().source().estimatedBytes(rows);
    chunkCommitted(run, table, List.of(), rows, rows, bytes);
    return new TableCopied(table, rows, bytes, 0);
  }

  /** Streams the rows of {@code select} into the destination, then commits the pilot's transaction. */
  private static void transfer(SqlServerCopyLane lane, Query select, Destination destination,
      SqlServerCopyStatements sql, int chunkRows, List<ClusteredColumn> orderHint) throws SQLException {
    bulkLoad(lane.reader(), lane.pilot(), select, destination, sql, chunkRows, orderHint);
    lane.pilot().commit();
  }

  /**
   * Streams the rows of {@code select}, read on {@code reader}, into the destination within the pilot
   * connection's current transaction, which it leaves open.
   *
   * @param orderHint the clustered key columns the rows arrive sorted by, from {@link
   *     SqlServerOrderHint#forLoad}; empty for no hint
   */
  static void bulkLoad(Connection reader, Connection pilot, Query select, Destination destination,
      SqlServerCopyStatements sql, int chunkRows, List<ClusteredColumn> orderHint) throws SQLException {
    // The driver's own objects, not the pool's proxies: SQLServerBulkCopy refuses any other connection,
    // and reads a SQLServerResultSet's column metadata (collations, exact types) directly.
    try (PreparedStatement read = SqlServerCopyJdbc.prepare(reader, select);
        ResultSet rows = read.executeQuery();
        SQLServerBulkCopy bulk = new SQLServerBulkCopy(pilot.unwrap(SQLServerConnection.class))) {
      bulk.setDestinationTableName(destination.quoted());
      bulk.setBulkCopyOptions(options(chunkRows));
      List<String> columns = sql.plan().targetColumns();
      for (int i = 0; i < columns.size(); i++) {
        // The driver brackets the destination column's name itself: it takes the name as the catalog spells it.
        bulk.addColumnMapping(i + 1, columns.get(i));
      }
      for (ClusteredColumn column : orderHint) {
        // Bracketed by the driver too, like the mappings.
        bulk.addColumnOrderHint(column.name(),
            column.descending() ? SQLServerSortOrder.DESCENDING : SQLServerSortOrder.ASCENDING);
      }
      bulk.writeToServer(rows.unwrap(SQLServerResultSet.class));
    }
  }

  /**
   * @param bytes the chunk's rows by production's average stored row: the bulk copy streams the
   *     driver's result set and counts no bytes itself
   */
  private static void chunkCommitted(SqlServerCopyRun run, String table, List<Object> lastKey, long rows, long chunk,
      long bytes) {
    run.job().metrics().copied(run.operation(), table, chunk, bytes);
    run.progress().chunk(table, chunk, bytes);
    run.job().heartbeat().beat(new CopyCheckpoint(table, lastKey.stream().map(String::valueOf).toList(), rows));
  }

  private static void rollbackQuietly(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
