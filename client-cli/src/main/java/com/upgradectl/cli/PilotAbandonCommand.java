package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import picocli.CommandLine.Command;

@Command(name = "abandon", mixinStandardHelpOptions = true,
    description = "End the upgrade without switching; production is untouched.")
final class PilotAbandonCommand extends PilotUpdateCommand {
  @Override
  String send(PilotUpgradeWorkflow upgrade) {
    return upgrade.abandon();
  }
}
