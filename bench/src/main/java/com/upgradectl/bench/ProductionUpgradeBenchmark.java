package com.upgradectl.bench;

import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.production.ProductionActivitiesImpl;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.production.ProductionActivities;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionPreflight;
import com.upgradectl.workflows.production.ProductionVerification;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The production upgrade's window: on a generated version-1 sample production, the real production
 * activities in the workflow's order, each timed, first with a copy of the package whose last
 * migration fails (so production is restored from the safety copy: how long the operator waits for
 * production to come back), then with the sample package itself on the restored production (how
 * long production is closed to the application). Fails loudly when the restore does not give
 * version 1 back or the upgrade does not pass verification.
 */
@Command(name = "production", mixinStandardHelpOptions = true,
    description = "The production upgrade in place: a failed upgrade restored, then the upgrade.")
final class ProductionUpgradeBenchmark implements Callable<Integer> {
  private static final String VERSION_QUERY = "SELECT version FROM schema_version";
  private static final String BLOCK = "blockUsers";
  private static final String UNBLOCK = "unblockUsers";
  private static final String MIGRATE = "migrate";
  private static final String VERIFY = "verifyUpgrade";
  private static final String RESTORE = "restoreFromSafetyCopy";

  @Option(names = "--rows", defaultValue = "1000000", description = "data-record rows in production (default ${DEFAULT-VALUE})")
  long rows;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("upgradectl-bench");
    PackageRef upgrade = BenchProduction.reference(SamplePackage.extractTo(work.resolve("package")));
    PackageRef failing = BenchProduction.reference(SamplePackage.extractFailingCopyTo(work.resolve("failing-package")));
    try (BenchProduction production = BenchProduction.start(rows, 6)) {
      DatabaseServers servers = new DatabaseServers(production.connections());
      DatabaseServer server = servers.of(BenchProduction.PROFILE);
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      env.registerActivitiesImplementations(new ProductionActivitiesImpl(servers, new PackageStore(), new SimpleMeterRegistry()));
      // one attempt: a retry would hide a failure and blur the figure
      ProductionActivities activities = env.newActivityStub(ProductionActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofHours(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build());
      long sizeBytes = server.sizeBytes(BenchProduction.DATABASE);
      System.out.printf("production %s: %,d rows, %.1f MB%n", BenchProduction.DATABASE, production.rows(),
          Figures.megabytes(sizeBytes));

      System.out.println("failed upgrade, restored (last migration statement fails):");
      Figures failed = failedAndRestored(activities, server, plan(failing));
      requireVersion(server, "1", "after the restore");

      System.out.println("upgrade:");
      Figures upgraded = upgraded(activities, plan(upgrade));
      requireVersion(server, "2", "after the upgrade");
      long upgradedBytes = server.sizeBytes(BenchProduction.DATABASE);
      env.close();

      double migrateVerify = upgraded.of(MIGRATE) + upgraded.of(VERIFY);
      System.out.printf("production upgrade of %,d rows (%.1f MB; %.1f MB upgraded): blocked %.2f s (%s to %s);"
              + " migrate+verify %.2f s, %,.0f rows/s%n",
          production.rows(), Figures.megabytes(sizeBytes), Figures.megabytes(upgradedBytes),
          upgraded.span(BLOCK, UNBLOCK), BLOCK, UNBLOCK, migrateVerify, production.rows() / migrateVerify);
      System.out.printf("failed upgrade: blocked %.2f s; production back %.2f s after the failure (%s + %s)%n",
          failed.span(BLOCK, UNBLOCK), failed.span(RESTORE, UNBLOCK), RESTORE, UNBLOCK);
      return 0;
    }
  }

  private static ProductionPlan plan(PackageRef pkg) {
    return ProductionPlan.withDefaults(BenchProduction.PROFILE, BenchProduction.DATABASE, null, pkg, false).validated();
  }

  private static Figures upgraded(ProductionActivities activities, ProductionPlan plan) throws Exception {
    Figures figures = new Figures();
    ProductionPreflight preflight = figures.time("preflight", () -> activities.preflight(plan));
    figures.time(BLOCK, () -> activities.blockUsers(plan));
    figures.run("createSafetyCopy", () -> activities.createSafetyCopy(plan));
    List<TableCheck> before = figures.time("mappedFingerprints", () -> activities.mappedFingerprints(plan));
    figures.time(MIGRATE, () -> activities.migrate(plan));
    ProductionVerification verification = figures.time(VERIFY, () -> activities.verifyUpgrade(plan, before));
    if (!verification.passed()) {
      throw new IllegalStateException("the upgraded production does not pass verification: "
          + String.join("; ", verification.problems()));
    }
    figures.run("dropMigrationHistory", () -> activities.dropMigrationHistory(plan));
    figures.run(UNBLOCK, () -> activities.unblockUsers(plan, preflight.settings()));
    figures.run("dropSafetyCopy", () -> activities.dropSafetyCopy(plan));
    System.out.printf("  verified: version %s, %d tables, %,d rows as mapped%n", verification.detectedVersion(),
        verification.tables().size(), verification.tables().stream().mapToLong(TableCheck::actualRows).sum());
    return figures;
  }

  /** The workflow's undo after a failed migration: restore the safety copy, unblock; the failed database is then dropped. */
  private static Figures failedAndRestored(ProductionActivities activities, DatabaseServer server, ProductionPlan plan)
      throws Exception {
    Figures figures = new Figures();
    ProductionPreflight preflight = figures.time("preflight", () -> activities.preflight(plan));
    figures.time(BLOCK, () -> activities.blockUsers(plan));
    figures.run("createSafetyCopy", () -> activities.createSafetyCopy(plan));
    figures.time("mappedFingerprints", () -> activities.mappedFingerprints(plan));
    ActivityFailure failure = figures.time(MIGRATE + " (fails)", () -> {
      try {
        activities.migrate(plan);
        return null;
      } catch (ActivityFailure e) {
        return e;
      }
    });
    if (failure == null || !String.valueOf(failure.getCause().getMessage()).contains(SamplePackage.FAILING_CONSTRAINT)) {
      throw new IllegalStateException("the failing package's migration did not fail on " + SamplePackage.FAILING_CONSTRAINT
          + (failure == null ? "; it succeeded" : ": " + failure.getCause().getMessage()), failure);
    }
    System.out.println("  the migration failed as intended (the stack trace above): " + SamplePackage.FAILING_CONSTRAINT);
    figures.run(RESTORE, () -> activities.restoreFromSafetyCopy(plan, preflight.failedDatabase(), preflight.attributes()));
    figures.run(UNBLOCK, () -> activities.unblockUsers(plan, preflight.settings()));
    // kept by the restore for an operator to inspect; here it would only take disk from the upgrade
    server.dropDatabase(preflight.failedDatabase());
    return figures;
  }

  private static void requireVersion(DatabaseServer server, String expected, String when) {
    String version = server.queryReadOnly(BenchProduction.DATABASE, VERSION_QUERY).map(String::trim).orElse(null);
    if (!expected.equals(version)) {
      throw new IllegalStateException("production holds version " + version + " " + when + ", expected " + expected);
    }
  }
}
