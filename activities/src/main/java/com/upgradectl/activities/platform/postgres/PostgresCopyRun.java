package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.progress.ProgressTracker;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;

/** One copy operation (an import, a resync) in progress: its job, its name and its progress. */
record PostgresCopyRun(CopyJob job, String operation, ProgressTracker progress) {

  static PostgresCopyRun start(CopyJob job, String operation) {
    return new PostgresCopyRun(job, operation, new ProgressTracker(operation + ": copying", job.progress()));
  }

  /** A failure naming the table and both databases. */
  ApplicationFailure failure(SQLException e, String doing, String table) {
    return CopyFailures.translate(e, doing + " table " + table + " (production database " + job.production()
        + ", pilot database " + job.pilot() + ")");
  }

  ApplicationFailure failure(SQLException e, String doing) {
    return CopyFailures.translate(e, doing + " (production database " + job.production() + ", pilot database "
        + job.pilot() + ")");
  }
}
