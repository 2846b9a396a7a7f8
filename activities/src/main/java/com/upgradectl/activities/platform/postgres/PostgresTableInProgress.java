package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import com.upgradectl.workflows.common.CopyResult.TableCopied;
import java.time.Duration;

/**
 * One table being copied in one or more key ranges, perhaps by several lanes at once: what its ranges
 * add up to. Progress and metrics stay per table — started when its first range starts, done when its
 * last range is — so a report never tells ranges apart.
 */
final class PostgresTableInProgress {
  private final PostgresCopyStatements sql;
  private final Destination destination;
  private final long rowsAlready;
  private int rangesLeft;
  private boolean started;
  private long startedNanos;
  private long rows;
  private long bytes;

  /**
   * @param rowsAlready the rows an earlier attempt left in the destination
   * @param ranges how many ranges the table is copied in
   */
  PostgresTableInProgress(PostgresCopyStatements sql, Destination destination, long rowsAlready, int ranges) {
    if (ranges < 1) {
      throw new IllegalArgumentException("a table is copied in at least one range, was " + ranges);
    }
    this.sql = sql;
    this.destination = destination;
    this.rowsAlready = rowsAlready;
    this.rangesLeft = ranges;
  }

  PostgresCopyStatements sql() {
    return sql;
  }

  Destination destination() {
    return destination;
  }

  String name() {
    return sql.plan().name();
  }

  long rowsAlready() {
    return rowsAlready;
  }

  /**
   * Called by each range before it copies. The table starts with its first range; a table without
   * a key is copied whole again, so it starts from no rows.
   */
  synchronized void rangeStarting(PostgresCopyRun run) {
    if (started) {
      return;
    }
    started = true;
    startedNanos = System.nanoTime();
    rows = resumedAfterRows();
    run.progress().started(name(), rows);
  }

  /** @return the table's rows in the destination now */
  synchronized long chunkCommitted(long chunkRows, long chunkBytes) {
    rows += chunkRows;
    bytes += chunkBytes;
    return rows;
  }

  /** Called by each range once copied; the last one completes the table. */
  synchronized void rangeDone(PostgresCopyRun run) {
    rangesLeft--;
    if (rangesLeft == 0) {
      run.progress().done(name());
      run.job().metrics().tableDone(run.operation(), name(), Duration.ofNanos(System.nanoTime() - startedNanos));
    }
  }

  synchronized TableCopied copied() {
    return new TableCopied(name(), rows, bytes, resumedAfterRows());
  }

  private long resumedAfterRows() {
    return sql.plan().chunked() ? rowsAlready : 0;
  }
}
