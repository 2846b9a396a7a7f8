package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.progress.ProgressTracker;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;

/** One copy operation (an import, a resync) in progress: its job, its name and its progress. */
record SqlServerCopyRun(CopyJob job, String operation, ProgressTracker progress) {

  static SqlServerCopyRun start(CopyJob job, String operation) {
    return new SqlServerCopyRun(job, operation, new ProgressTracker(operation + ": copying", job.progress()));
  }

  /** A failure naming the table and both databases. */
  ApplicationFailure failure(SQLException e, String doing, String table) {
    return SqlServerCopyFailures.translate(e, doing + " table " + table + " (production database " + job.production()
        + ", pilot database " + job.pilot() + ")");
  }

  ApplicationFailure failure(SQLException e, String doing) {
    return SqlServerCopyFailures.translate(e, doing + " (production database " + job.production() + ", pilot database "
        + job.pilot() + ")");
  }
}
