package com.upgradectl.cli;

import static com.upgradectl.cli.DemoNarration.result;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.worker.dev.DevEnvironment;
import com.upgradectl.worker.dev.DevOptions;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The production scenario of the demo: an in-place upgrade whose last migration statement fails
 * (production is restored from the safety copy, exactly as it was), then the real upgrade; each
 * followed by checks of its own, by JDBC.
 */
final class ProductionDemo {
  private static final String PRODUCTION = DevOptions.PRODUCTION_DATABASE;
  private static final Duration POLL = Duration.ofMillis(500);
  private final DevEnvironment env;
  private final DemoNarration narration;
  private final DemoReport report;
  private final DemoDatabase db;

  ProductionDemo(DevEnvironment env, DemoNarration narration, DemoReport report) {
    this.env = env;
    this.narration = narration;
    this.report = report;
    this.db = new DemoDatabase(env);
  }

  void run(Path workDir) throws Exception {
    Path packageDir = SamplePackage.extractTo(workDir);
    UpgradePackage pkg = PackageCheck.load(packageDir);
    UpgradePackage broken = PackageCheck.load(SamplePackage.extractFailingCopyTo(workDir.resolve("broken-package")));
    List<String> v1Tables = new ArrayList<>(SampleProduction.CONFIGURATION_TABLES);
    v1Tables.addAll(SampleProduction.DATA_TABLES);
    Map<String, Long> before = db.rowCounts(PRODUCTION, v1Tables);
    report.productionDataRows = sum(db.rowCounts(PRODUCTION, SampleProduction.DATA_TABLES));
    String target = "--profile " + env.profile().name() + " --database " + PRODUCTION;

    say("");
    say("1. An upgrade whose last migration fails   (upgradectl production upgrade " + target + " --package "
        + broken.root() + ")");
    say("   an application session is connected to " + PRODUCTION + " meanwhile");
    try (Connection application = env.connect(PRODUCTION)) {
      ProductionStatus failed = upgrade(broken, "failing upgrade", ProductionPhase.RESTORED);
      narration.check("the application's session was ended and listed", () -> result(
          !application.isValid(2) && !StatusText.nullToEmpty(failed.sessionsEnded()).isEmpty(),
          "session valid afterwards: " + application.isValid(2) + "; listed: " + failed.sessionsEnded()));
      narration.check("the failure names the step and the cause", () -> result(failed.failedStep() != null
          && failed.failure() != null && failed.failure().contains(SamplePackage.FAILING_CONSTRAINT),
          "step '" + failed.failedStep() + "': " + failed.failure()));
    }
    narration.check("production restored exactly", () -> {
      Map<String, Long> now = db.rowCounts(PRODUCTION, v1Tables);
      String version = db.schemaVersion(PRODUCTION);
      return result(now.equals(before) && "1".equals(version) && !db.tableExists(PRODUCTION, "ticket_details"),
          PRODUCTION + " has schema_version " + version + ", rows per table before " + before + ", after " + now);
    });

    say("");
    say("2. The upgrade   (upgradectl production upgrade " + target + " --package " + pkg.root() + ")");
    Map<String, Long> data = db.rowCounts(PRODUCTION, SampleProduction.DATA_TABLES);
    ProductionStatus upgraded = upgrade(pkg, "upgrade in place", ProductionPhase.UPGRADED);

    say("");
    say("3. Check independently (JDBC)");
    narration.check("new version in place", () -> {
      String version = db.schemaVersion(PRODUCTION);
      boolean split = db.tableExists(PRODUCTION, "ticket_details");
      return result("2".equals(version) && split,
          PRODUCTION + " has schema_version " + version + (split ? ", ticket_details exists" : ", ticket_details MISSING"));
    });
    narration.check("data records kept", () -> {
      Map<String, Long> now = db.rowCounts(PRODUCTION, SampleProduction.DATA_TABLES);
      return result(now.equals(data), "rows per table before " + data + ", after " + now);
    });
    narration.check("workflow verification", () -> result(upgraded.verification() != null
        && upgraded.verification().passed(), upgraded.verification() == null ? "none"
        : upgraded.verification().tables().size() + " tables equal to production's rows as mapped, schema and version"
            + " as the package defines them"));
    String safety = upgraded.plan().safetyCopyDatabase();
    narration.check("safety copy dropped after success", () -> {
      boolean exists = db.databaseExists(safety);
      return result(!exists, safety + (exists ? " still exists" : " is gone"));
    });
    narration.check("application let in again", () -> result(!db.refusesConnections(PRODUCTION),
        PRODUCTION + " accepts connections"));
  }

  private ProductionStatus upgrade(UpgradePackage pkg, String stepName, ProductionPhase expected) throws Exception {
    ProductionPlan plan = ProductionPlan.withDefaults(env.profile().name(), PRODUCTION, null,
        PackageCheck.reference(pkg), false).validated();
    long t0 = System.nanoTime();
    report.workflowId = ProductionStarter.start(env.client(), plan);
    ProductionUpgradeWorkflow upgrade = env.client().newWorkflowStub(ProductionUpgradeWorkflow.class, report.workflowId);
    ProductionStatus status = new ProductionFollower(upgrade::status, POLL).follow(narration.out());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    // the data-record tables exist in both versions
    long rows = sum(db.rowCounts(PRODUCTION, SampleProduction.DATA_TABLES));
    report.steps.add(new DemoReport.Step(stepName, status.phase().name(), rows, 0, millis));
    say("   -> " + status.phase() + " after " + Figures.seconds(millis));
    if (status.phase() != expected) {
      throw CommandFailure.failed("expected " + expected + " but the upgrade is " + status.phase()
          + (status.failure() != null ? ": " + status.failure() : ""));
    }
    return status;
  }

  private void say(String line) {
    narration.say(line);
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
