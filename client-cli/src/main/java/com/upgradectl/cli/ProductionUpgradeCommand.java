package com.upgradectl.cli;

import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
    description = {"Upgrade a production database in place, in one step: preflight, block the application (its sessions"
        + " are ended and listed), take a safety copy, run the package's migrations, verify version, schema and every"
        + " migrated table, let the application in again.",
        "On any failure production is restored from the safety copy, exactly as it was, and opened again.",
        "Follows the upgrade to its end (or --detach); exits 0 when UPGRADED, 1 when it failed (production restored"
            + " or, if the status says so, needing a human)."})
final class ProductionUpgradeCommand implements Callable<Integer> {
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  @Option(names = "--profile", required = true, paramLabel = "PROFILE",
      description = "the worker's connection profile of the production server")
  String profile;

  @Option(names = "--database", required = true, paramLabel = "DATABASE", description = "the production database")
  String database;

  @Option(names = "--package", required = true, paramLabel = "DIR", description = "the upgrade package directory")
  Path packageDir;

  @Option(names = "--safety-copy-name", paramLabel = "NAME", description = "default: <database>_v<from>_safety")
  String safetyCopyName;

  @Option(names = "--keep-safety-copy",
      description = "keep the safety copy after a successful upgrade (default: it is dropped once production is verified"
          + " and open again; after a failure it has become production again)")
  boolean keepSafetyCopy;

  @Option(names = "--detach", description = "start the upgrade and return; follow it with `upgradectl watch`")
  boolean detach;

  @Mixin TemporalOptions temporal;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    UpgradeTarget.requireProfile(profile);
    UpgradeTarget.requireDatabase("production database", database);
    if (safetyCopyName != null) {
      UpgradeTarget.requireDatabase("safety copy database", safetyCopyName);
    }
    UpgradePackage pkg = PackageCheck.load(packageDir);
    ProductionPlan plan;
    try {
      plan = ProductionPlan.withDefaults(profile, database, safetyCopyName, PackageCheck.reference(pkg), keepSafetyCopy)
          .validated();
    } catch (IllegalArgumentException e) {
      throw CommandFailure.badInput(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    // with --output json only the final document goes to stdout
    PrintWriter say = output.json() ? new PrintWriter(new StringWriter()) : out;
    try (TemporalConnection connection = temporal.connect()) {
      String workflowId = ProductionStarter.start(connection.client(), plan);
      say.println("started " + workflowId);
      say.println("  production upgrade of " + database + " on " + profile + ": " + pkg.name() + " " + pkg.fromVersion()
          + " -> " + pkg.toVersion() + " in place; safety copy " + plan.safetyCopyDatabase()
          + (keepSafetyCopy ? " (kept)" : ""));
      say.println("  package " + plan.upgradePackage().location() + " (sha256 " + pkg.digest() + ")");
      if (detach) {
        return detached(out, say, workflowId, plan);
      }
      say.flush();
      ProductionUpgradeWorkflow upgrade = connection.client().newWorkflowStub(ProductionUpgradeWorkflow.class, workflowId);
      ProductionStatus last = new ProductionFollower(upgrade::status, POLL_INTERVAL).follow(say);
      if (output.json()) {
        Json.print(out, last);
      } else {
        out.println();
        out.print(ProductionStatusText.render(workflowId, last));
        out.flush();
      }
      return last.phase() == ProductionPhase.UPGRADED ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  private int detached(PrintWriter out, PrintWriter say, String workflowId, ProductionPlan plan) {
    if (output.json()) {
      Map<String, Object> started = new LinkedHashMap<>();
      started.put("workflowId", workflowId);
      started.put("plan", plan);
      Json.print(out, started);
    } else {
      say.println("follow it:  upgradectl watch --workflow-id " + workflowId + temporal.forHints());
      say.println("status:     upgradectl status --workflow-id " + workflowId + temporal.forHints());
      say.flush();
    }
    return ExitCodes.OK;
  }
}
