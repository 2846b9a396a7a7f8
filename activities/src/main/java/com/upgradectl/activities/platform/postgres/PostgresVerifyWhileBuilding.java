package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * After a load from empty, checks the pilot's rows against the read point while its keys, indexes
 * and foreign keys are built: each is a single server process per table (the checksum of its rows,
 * the sort of its index), so side by side they keep every core busy where one after the other left
 * most of them idle. Neither waits on the other's locks for long: an index build takes a SHARE lock,
 * which reads pass, and a primary key is made over its built index in a moment ({@link
 * PostgresSetAside#buildStatements()}).
 *
 * <p>The job's parallelism is shared between the two, so that together they open no more
 * connections to the pilot than the copy did.
 */
final class PostgresVerifyWhileBuilding {
  private PostgresVerifyWhileBuilding() {}

  static VerificationReport run(PostgresCopyRun run, PostgresCopySnapshot snapshot, List<PostgresCopyStatements> tables)
      throws SQLException {
    CopyJob job = run.job();
    int buildLanes = Math.max(1, job.parallelism() / 2);
    int verifyLanes = Math.max(1, job.parallelism() - buildLanes);
    run.progress().step(PostgresCopyImport.OPERATION + ": verifying and building indexes and constraints");
    // A thread of its own: the shared pool may hold only one, and the build waits on the server for seconds.
    ExecutorService builder = Executors.newSingleThreadExecutor(r -> new Thread(r, "import-build"));
    try {
      CompletableFuture<Void> build = CompletableFuture.runAsync(() -> {
        try {
          PostgresCopyConstraints.restore(job.pilot().dataSource(), buildLanes);
        } catch (SQLException e) {
          throw new CompletionException(e);
        }
      }, builder);
      return verifyDuring(job, snapshot, tables, verifyLanes, build);
    } finally {
      builder.shutdown();
    }
  }

  private static VerificationReport verifyDuring(CopyJob job, PostgresCopySnapshot snapshot,
      List<PostgresCopyStatements> tables, int verifyLanes, CompletableFuture<Void> build) throws SQLException {
    VerificationReport report;
    try {
      List<TableCheck> checks = PostgresChecksumChecks.againstReadPoint(job, snapshot, tables, verifyLanes);
      report = new VerificationReport(checks);
    } catch (SQLException | RuntimeException e) {
      awaitQuietly(build, e);
      throw e;
    }
    // Rows that differ from production's are the first thing to report, whatever the build found.
    if (!report.allMatch()) {
      RuntimeException mismatch = mismatch(job, report);
      awaitQuietly(build, mismatch);
      throw mismatch;
    }
    await(build);
    return report;
  }

  /** The report, when every table matches; otherwise the failure that names the tables that do not. */
  static VerificationReport requireMatch(CopyJob job, VerificationReport report) {
    if (!report.allMatch()) {
      throw mismatch(job, report);
    }
    return report;
  }

  private static RuntimeException mismatch(CopyJob job, VerificationReport report) {
    return CopyFailures.verification("import from production database " + job.production() + " into pilot database "
        + job.pilot(), report);
  }

  private static void await(CompletableFuture<Void> build) throws SQLException {
    try {
      build.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  /** Waits for the build to end (it must not outlive the import's connections) and keeps its failure as suppressed. */
  private static void awaitQuietly(CompletableFuture<Void> build, Throwable primary) {
    try {
      build.join();
    } catch (CompletionException e) {
      primary.addSuppressed(e.getCause() == null ? e : e.getCause());
    }
  }
}
