package com.upgradectl.cli;

import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import com.upgradectl.workflows.preflight.PreflightOutcome;
import com.upgradectl.workflows.preflight.PreflightRequest;
import java.io.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
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

  @Option(names = "--detach", description = "start the upgrade and return; follow it with `upgradectl watch`")
  boolean detach;

  @Option(names = "--yes", description = "start without showing the plan and asking (scripts); without a terminal"
      + " it is required")
  boolean yes;

  private final boolean interactiveTerminal;

  ProductionUpgradeCommand(boolean interactiveTerminal) {
    this.interactiveTerminal = interactiveTerminal;
  }

  @Mixin ProductionPlanOptions planned;
  @Mixin TemporalOptions temporal;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ProductionPlan plan = planned.plan();
    UpgradePackage pkg = planned.pkg;
    String profile = planned.profile;
    String database = planned.database;
    boolean keepSafetyCopy = planned.keepSafetyCopy;
    if (!yes && !interactiveTerminal) {
      throw CommandFailure.badInput("a production upgrade ends the application's sessions and keeps it out until"
          + " done, and there is no terminal to confirm it on: give --yes to confirm (see the plan first with"
          + " `upgradectl preflight production`); nothing was sent");
    }
    PrintWriter out = spec.commandLine().getOut();
    // with --output json only the final document goes to stdout
    PrintWriter say = output.json() ? new PrintWriter(new StringWriter()) : out;
    try (TemporalConnection connection = temporal.connect()) {
      if (!yes) {
        confirm(connection, plan, out);
      }
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
        out.print(ProductionStatusText.render(workflowId, last, java.time.ZoneId.systemDefault()));
        out.flush();
      }
      return last.phase() == ProductionPhase.UPGRADED ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /** Shows what preflight found (the sessions that will be ended above all) and has the database's name typed. */
  private static void confirm(TemporalConnection connection, ProductionPlan plan, PrintWriter out) {
    PreflightOutcome outcome = PreflightRunner.run(connection.client(), "production", plan.serverProfile(),
        plan.productionDatabase(), PreflightRequest.of(plan));
    if (!outcome.passed()) {
      throw CommandFailure.refused(outcome.refusal());
    }
    out.print(PreflightText.production(plan, outcome.production()));
    out.flush();
    Console console = System.console();
    String typed = console == null ? null : console.readLine("This upgrades %s in place and ends the sessions listed."
        + " Type its name to confirm: ", plan.productionDatabase());
    if (typed == null || !typed.strip().equals(plan.productionDatabase())) {
      throw CommandFailure.badInput("the name typed is not " + plan.productionDatabase() + "; nothing was started");
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
