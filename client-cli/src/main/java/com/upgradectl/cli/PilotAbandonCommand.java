package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import java.io.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abandon", mixinStandardHelpOptions = true,
    description = {"End the upgrade without switching and drop the pilot database; production is untouched.",
        "Asks to type the pilot's name on a terminal; give --yes when there is none (scripts)."})
final class PilotAbandonCommand extends PilotUpdateCommand {
  @Option(names = "--yes", description = "drop the pilot without asking")
  boolean yes;

  private final boolean interactiveTerminal;

  PilotAbandonCommand(boolean interactiveTerminal) {
    this.interactiveTerminal = interactiveTerminal;
  }

  @Override
  void checkLocally() {
    if (!yes && !interactiveTerminal) {
      throw CommandFailure.badInput("abandon drops the pilot database and there is no terminal to confirm it on:"
          + " give --yes to confirm; nothing was sent");
    }
  }

  @Override
  String send(PilotUpgradeWorkflow upgrade) {
    if (!yes) {
      confirm(upgrade.status().plan().pilotDatabase());
    }
    return upgrade.abandon();
  }

  /** The operator types the pilot's name, so a slip of the finger cannot drop a database. */
  private static void confirm(String pilot) {
    Console console = System.console();
    String typed = console == null ? null
        : console.readLine("This drops the pilot database %s. Type its name to confirm: ", pilot);
    if (typed == null || !typed.strip().equals(pilot)) {
      throw CommandFailure.badInput("the name typed is not " + pilot + "; nothing was abandoned or dropped");
    }
  }
}
