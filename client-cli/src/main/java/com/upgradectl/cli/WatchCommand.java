package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionStatus;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Follow an upgrade with live progress until the work under way ends.",
        "A production upgrade is followed to its end.",
        "Exits 0 when it ends well, 1 when it failed (or a switch was rolled back)."})
final class WatchCommand implements Callable<Integer> {
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  @Mixin UpgradeTarget target;
  @Mixin TemporalOptions temporal;
  @Spec CommandSpec spec;

  private final boolean interactiveTerminal;

  WatchCommand(boolean interactiveTerminal) {
    this.interactiveTerminal = interactiveTerminal;
  }

  @Override
  public Integer call() throws InterruptedException {
    target.workflowId(); // bad names are refused before Temporal is asked
    var out = spec.commandLine().getOut();
    try (TemporalConnection connection = temporal.connect()) {
      String workflowId = target.anyWorkflowId(connection);
      if (UpgradeTarget.isProductionUpgrade(workflowId)) {
        ProductionStatus last = new ProductionFollower(connection.production(workflowId)::status, POLL_INTERVAL)
            .follow(out);
        out.println(workflowId + " is " + last.phase()
            + (last.failure() != null ? ": " + Figures.inText(last.failure()) : ""));
        out.flush();
        return last.phase() == ProductionPhase.UPGRADED ? ExitCodes.OK : ExitCodes.FAILED;
      }
      PilotUpgradeWorkflow upgrade = connection.pilot(workflowId);
      long started = System.nanoTime();
      UpgradeFollower.Outcome outcome;
      try (ProgressView view = ProgressView.forOutput(interactiveTerminal, out)) {
        outcome = new UpgradeFollower(upgrade::status, POLL_INTERVAL).follow(view);
      }
      out.print(WatchSummary.render(outcome.last(), Duration.ofNanos(System.nanoTime() - started),
          ZoneId.systemDefault()));
      out.println(workflowId + " is " + outcome.last().phase()
          + (outcome.failed() ? ": " + Figures.inText(outcome.last().failure()) : ""));
      out.flush();
      return outcome.failed() ? ExitCodes.FAILED : ExitCodes.OK;
    }
  }
}
