package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.ParallelLanes;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import com.upgradectl.activities.platform.postgres.PostgresCopyTable.Piece;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies tables at one read point in parallel lanes, a large table cut into key ranges that lanes
 * copy side by side ({@link PostgresKeyRanges}). Lanes take the largest pieces first, so the
 * longest copies start first and small tables fill the gaps at the end.
 */
final class PostgresParallelCopy {
  private static final Logger log = LoggerFactory.getLogger(PostgresParallelCopy.class);

  private PostgresParallelCopy() {}

  /**
   * @param destination where each table's rows go (the target table, or its staging copy)
   * @return one result per table, in the order of {@code tables}, each the sum of its ranges
   */
  static List<TableCopied> copy(PostgresCopyRun run, PostgresCopySnapshot snapshot,
      List<PostgresCopyStatements> tables, Function<PostgresCopyStatements, Destination> destination)
      throws SQLException {
    List<PostgresTableInProgress> inProgress = new ArrayList<>();
    List<Piece> pieces = new ArrayList<>();
    try (Connection pilot = run.job().pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      for (PostgresCopyStatements sql : tables) {
        Destination to = destination.apply(sql);
        long rowsAlready = PostgresCopyJdbc.count(pilot, sql.count(to));
        List<KeyRange> ranges = ranges(run, snapshot, pilot, sql, to, rowsAlready);
        PostgresTableInProgress table = new PostgresTableInProgress(sql, to, rowsAlready, ranges.size());
        inProgress.add(table);
        for (int i = 0; i < ranges.size(); i++) {
          pieces.add(new Piece(table, ranges.get(i), i + 1, ranges.size()));
        }
      }
    }
    // Stable: the ranges of one table stay in key order, tables of equal pieces in the planning order.
    pieces.sort(Comparator.comparingLong(Piece::estimatedRows).reversed());
    ParallelLanes.run(run.operation(), run.job().parallelism(), pieces,
        () -> PostgresCopyLane.open(snapshot, run.job().pilot().dataSource()),
        (lane, piece) -> {
          PostgresCopyTable.copy(run, piece, lane);
          return null;
        });
    try (Connection pilot = run.job().pilot().dataSource().getConnection()) {
      pilot.setAutoCommit(true);
      PostgresRangeRecord.forgetAll(pilot);
    }
    return inProgress.stream().map(PostgresTableInProgress::copied).toList();
  }

  /**
   * A table copied from empty is cut afresh, and its cut recorded before any row is copied; a table
   * an earlier attempt left rows in is cut where that attempt cut it (or not at all when it did not).
   */
  private static List<KeyRange> ranges(PostgresCopyRun run, PostgresCopySnapshot snapshot, Connection pilot,
      PostgresCopyStatements sql, Destination destination, long rowsAlready) throws SQLException {
    if (!sql.plan().chunked()) {
      return List.of(KeyRange.ALL);
    }
    if (rowsAlready > 0) {
      return PostgresKeyRanges.between(PostgresRangeRecord.boundaries(pilot, destination));
    }
    long estimatedRows = sql.plan().source().estimatedRows();
    int count = PostgresKeyRanges.count(estimatedRows, run.job().parallelism(), run.job().settings());
    // The coordinator is idle until the lanes finish: it reads the sample at the read point.
    List<List<String>> boundaries = PostgresKeyRanges.boundaries(snapshot.coordinator(), sql, estimatedRows, count);
    PostgresRangeRecord.keep(pilot, destination, boundaries);
    if (!boundaries.isEmpty()) {
      log.info("copying {} (about {} rows) in {} key ranges", sql.plan().name(), estimatedRows, boundaries.size() + 1);
    }
    return PostgresKeyRanges.between(boundaries);
  }
}
