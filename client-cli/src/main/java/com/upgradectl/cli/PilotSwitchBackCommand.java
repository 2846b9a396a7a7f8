package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "switch-back", mixinStandardHelpOptions = true,
    description = {"Within the switch-back grace period after a switch (pilot start --switch-back-grace): make the"
        + " archive production again.",
        "The new production is frozen, the rows written to it since the switch are listed table by table (printed"
            + " here and kept in the status, with SQL to enter them again), it is renamed to"
            + " <database>_v<to>_switched_back (kept, never dropped), and the archive takes production's name back"
            + " with its own settings. A failure puts the new production back, online and writable.",
        "Refused (exit 3) before the switch, after the grace period, or when none was set."})
final class PilotSwitchBackCommand extends PilotUpdateCommand {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  @Option(names = "--no-wait", description = "return once the switch-back is accepted; follow it with status/watch")
  boolean noWait;

  @Override
  String send(PilotUpgradeWorkflow upgrade) {
    return upgrade.switchBack();
  }

  /** Waits for the switch-back to end and prints the rows written since the switch. */
  @Override
  int afterAccepted(PilotUpgradeWorkflow upgrade) {
    if (noWait) {
      return ExitCodes.OK;
    }
    PilotStatus status = upgrade.status();
    while (status.phase() == PilotPhase.SWITCHING_BACK) {
      pause();
      status = upgrade.status();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(SwitchBackText.render(status.switchBackReport()));
    if (status.phase() == PilotPhase.SWITCHED_BACK) {
      out.println("switched back: " + status.plan().productionDatabase() + " is the archive again, as it was at the"
          + " switch; the switched database is kept as " + status.plan().switchedBackDatabase());
      out.flush();
      return ExitCodes.OK;
    }
    out.flush();
    spec.commandLine().getErr().println("upgradectl: switch-back did not complete (phase " + status.phase() + "): "
        + Figures.inText(status.failure()));
    spec.commandLine().getErr().flush();
    return ExitCodes.FAILED;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while following the switch-back", e);
    }
  }
}
