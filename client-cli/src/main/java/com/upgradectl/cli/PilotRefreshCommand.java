package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import picocli.CommandLine.Command;

@Command(name = "refresh", mixinStandardHelpOptions = true,
    description = "Re-import the data records from production into the pilot; the pilot's configuration is kept.")
final class PilotRefreshCommand extends PilotUpdateCommand {
  @Override
  String send(PilotUpgradeWorkflow upgrade) {
    return upgrade.refresh();
  }
}
