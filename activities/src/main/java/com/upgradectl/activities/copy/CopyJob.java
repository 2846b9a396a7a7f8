package com.upgradectl.activities.copy;

import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.pkg.TableSpec;
import java.util.List;
import javax.sql.DataSource;

/**
 * One copy or check between production and the pilot, with everything it reports to.
 *
 * @param production where rows are read (never written)
 * @param pilot where rows are written
 * @param tables the package's tables the operation covers
 * @param parallelism how many tables are copied (or checked) at once; each lane holds one connection
 *     to each database
 */
public record CopyJob(
    Database production,
    Database pilot,
    List<TableSpec> tables,
    int parallelism,
    CopySettings settings,
    ProgressSink progress,
    Heartbeat heartbeat,
    CopyMetrics metrics) {

  /** A database and the name it is reported under. */
  public record Database(String name, DataSource dataSource) {
    @Override
    public String toString() {
      return name;
    }
  }

  public CopyJob {
    tables = List.copyOf(tables);
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
    }
  }
}
