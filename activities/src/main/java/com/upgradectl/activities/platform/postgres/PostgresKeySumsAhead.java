package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.TableSum;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Production's count and checksum of each table's changed keys at the read point, read on a
 * connection of its own while the pilot's transaction applies those keys: while production is
 * frozen, the two sides of the key check run at the same time instead of one after the other.
 */
final class PostgresKeySumsAhead implements AutoCloseable {
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "upgradectl-key-sums");
    t.setDaemon(true);
    return t;
  });
  private final Future<Map<String, TableSum>> sums;

  private PostgresKeySumsAhead(PostgresCopySnapshot snapshot, List<PostgresCopyStatements> tables,
      Map<String, List<List<String>>> keys, int keysPerStatement) {
    sums = thread.submit(() -> read(snapshot, tables, keys, keysPerStatement));
  }

  /** Starts reading; {@code keys} holds, per table name, the keys in the plan's key order. */
  static PostgresKeySumsAhead start(PostgresCopySnapshot snapshot, List<PostgresCopyStatements> tables,
      Map<String, List<List<String>>> keys, int keysPerStatement) {
    return new PostgresKeySumsAhead(snapshot, tables, keys, keysPerStatement);
  }

  /** Waits for production's sum of the table's changed keys. */
  TableSum of(String table) throws SQLException {
    try {
      TableSum sum = sums.get().get(table);
      if (sum == null) {
        throw new IllegalStateException("no changed keys of " + table + " were summed on production");
      }
      return sum;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while summing production's changed keys", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new SQLException("summing production's changed keys failed", e.getCause());
    }
  }

  private static Map<String, TableSum> read(PostgresCopySnapshot snapshot, List<PostgresCopyStatements> tables,
      Map<String, List<List<String>>> keys, int keysPerStatement) throws SQLException {
    Map<String, TableSum> sums = new HashMap<>();
    Connection reader = snapshot.openReader();
    try {
      PostgresKeyLookups.preferIndexProbes(reader);
      for (PostgresCopyStatements table : tables) {
        List<List<String>> tableKeys = keys.get(table.plan().name());
        if (tableKeys == null) {
          continue;
        }
        long rows = 0;
        BigInteger sum = BigInteger.ZERO;
        for (int from = 0; from < tableKeys.size(); from += keysPerStatement) {
          List<List<String>> batch = new ArrayList<>(
              tableKeys.subList(from, Math.min(tableKeys.size(), from + keysPerStatement)));
          TableSum part = PostgresChecksums.sum(reader, table.sourceSumOfKeys(batch));
          rows += part.rows();
          sum = sum.add(table.checksum().value(part.checksum()));
        }
        sums.put(table.plan().name(), new TableSum(rows, table.checksum().text(sum)));
      }
      return sums;
    } finally {
      PostgresCopySnapshot.end(reader);
    }
  }

  /** Stops a read still running (the attempt failed): its connection goes back to the pool. */
  @Override
  public void close() {
    sums.cancel(true);
    thread.shutdown();
  }
}
