package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import picocli.CommandLine.Command;

@Command(name = "cancel-switch", mixinStandardHelpOptions = true,
    description = "Cancel a scheduled switch; the pilot stays as it is.")
final class PilotCancelSwitchCommand extends PilotUpdateCommand {
  @Override
  String send(PilotUpgradeWorkflow upgrade) {
    return upgrade.cancelSwitch();
  }
}
