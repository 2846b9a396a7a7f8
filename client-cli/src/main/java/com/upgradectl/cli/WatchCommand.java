package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Follow an upgrade with live progress until the work under way ends.",
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
    String workflowId = target.workflowId();
    var out = spec.commandLine().getOut();
    try (TemporalConnection connection = temporal.connect()) {
      PilotUpgradeWorkflow upgrade = connection.pilot(workflowId);
      UpgradeFollower.Outcome outcome;
      try (ProgressView view = ProgressView.forOutput(interactiveTerminal, out)) {
        outcome = new UpgradeFollower(upgrade::status, POLL_INTERVAL).follow(view);
      }
      out.println(workflowId + " is " + outcome.last().phase()
          + (outcome.failed() ? ": " + outcome.last().failure() : ""));
      out.flush();
      return outcome.failed() ? ExitCodes.FAILED : ExitCodes.OK;
    }
  }
}
