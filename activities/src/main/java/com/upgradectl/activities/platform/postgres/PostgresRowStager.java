package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import com.upgradectl.activities.platform.postgres.PostgresCopyStream.Transfer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies production's rows of each table's changed keys into the pilot's staging tables
 * ({@link PostgresIncrementalSql#ROWS_SCHEMA}) on connections of its own, table after table, while
 * the refresh's transaction already applies the tables staged before: the copy and the apply use
 * both sides' processors at once instead of one after the other.
 *
 * <p>The staging tables are committed as each is filled, so the refresh's transaction (READ
 * COMMITTED) sees them; they hold only production's rows, never the pilot's data, so committing
 * them early changes nothing anyone reads. The refresh drops them in its own transaction; after a
 * rollback or a crash they are dropped here, or by the next refresh before it stages anew.
 */
final class PostgresRowStager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresRowStager.class);

  /** One table to stage: its statements, its changed keys, the staging table's name. */
  record Table(PostgresCopyStatements statements, List<List<String>> keys, String rowsTable) {}

  private final DataSource pilot;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "upgradectl-row-stager");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, CompletableFuture<Transfer>> staged = new LinkedHashMap<>();
  private volatile boolean stopping;

  private PostgresRowStager(DataSource pilot, List<Table> tables) {
    this.pilot = pilot;
    tables.forEach(t -> staged.put(t.statements().plan().name(), new CompletableFuture<>()));
  }

  /** Starts staging the tables in the order given. */
  static PostgresRowStager start(PostgresCopySnapshot snapshot, DataSource pilot, List<Table> tables,
      int keysPerStatement) {
    PostgresRowStager stager = new PostgresRowStager(pilot, tables);
    stager.thread.execute(() -> stager.stageAll(snapshot, tables, keysPerStatement));
    return stager;
  }

  /** Waits until the table's rows are staged; what was copied. */
  Transfer await(String table) throws SQLException {
    CompletableFuture<Transfer> future = staged.get(table);
    if (future == null) {
      throw new IllegalStateException("table " + table + " is not being staged");
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while staging production's rows of " + table, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new SQLException("staging production's rows of " + table + " failed", e.getCause());
    }
  }

  private void stageAll(PostgresCopySnapshot snapshot, List<Table> tables, int keysPerStatement) {
    try (Connection target = pilot.getConnection()) {
      target.setAutoCommit(true);
      PostgresCopyJdbc.execute(target, PostgresIncrementalSql.dropRowsSchema());
      PostgresCopyJdbc.execute(target, PostgresIncrementalSql.createRowsSchema());
      Connection reader = snapshot.openReader();
      try {
        PostgresKeyLookups.preferIndexProbes(reader);
        for (Table table : tables) {
          if (stopping) {
            return;
          }
          staged.get(table.statements().plan().name()).complete(stage(reader, target, table, keysPerStatement));
        }
      } finally {
        PostgresCopySnapshot.end(reader);
      }
    } catch (SQLException | RuntimeException e) {
      staged.values().forEach(f -> f.completeExceptionally(e));
    }
  }

  private static Transfer stage(Connection reader, Connection target, Table table, int keysPerStatement)
      throws SQLException {
    PostgresCopyStatements statements = table.statements();
    PostgresCopyJdbc.execute(target, new PostgresIncrementalSql(statements.plan()).createRows(table.rowsTable()));
    String copyIn = statements.copyIn(new Destination(PostgresIncrementalSql.ROWS_SCHEMA, table.rowsTable()));
    long rows = 0;
    long bytes = 0;
    List<List<String>> keys = table.keys();
    for (int from = 0; from < keys.size(); from += keysPerStatement) {
      List<List<String>> batch = keys.subList(from, Math.min(keys.size(), from + keysPerStatement));
      Transfer part = PostgresCopyStream.transfer(reader, target, statements.copyOutKeys(batch), copyIn);
      rows += part.rows();
      bytes += part.bytes();
    }
    return new Transfer(rows, bytes);
  }

  /** Waits for the staging to stop, then drops what it left (nothing when the refresh committed). */
  @Override
  public void close() {
    stopping = true;
    staged.values().forEach(f -> f.cancel(false));
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.MINUTES)) {
        log.warn("the staging of production's rows did not stop; its tables are dropped by the next refresh");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try (Connection c = pilot.getConnection()) {
      c.setAutoCommit(true);
      PostgresCopyJdbc.execute(c, PostgresIncrementalSql.dropRowsSchema());
    } catch (SQLException e) {
      log.warn("could not drop the staged rows of the refresh (the next refresh drops them): {}", e.getMessage());
    }
  }
}
