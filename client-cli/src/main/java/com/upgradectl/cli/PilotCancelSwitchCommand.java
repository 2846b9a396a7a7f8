package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import picocli.CommandLine.Command;

@Command(name = "cancel-switch", mixinStandardHelpOptions = true,
    description = {"Cancel a scheduled switch; the pilot stays as it is.",
        "With nothing scheduled it says so and exits 0: the wanted state already holds."})
final class PilotCancelSwitchCommand extends PilotUpdateCommand {
  @Override
  String send(PilotUpgradeWorkflow upgrade) {
    try {
      return upgrade.cancelSwitch();
    } catch (RuntimeException refused) {
      if (Failures.classify(refused).exitCode() == ExitCodes.REFUSED && nothingScheduled(upgrade)) {
        return "nothing is scheduled (phase " + upgrade.status().phase() + "); nothing changed";
      }
      throw refused;
    }
  }

  /** Checked after the refusal, so a switch that started meanwhile is not reported as nothing. */
  private static boolean nothingScheduled(PilotUpgradeWorkflow upgrade) {
    PilotPhase phase = upgrade.status().phase();
    return phase != PilotPhase.SWITCH_SCHEDULED && phase != PilotPhase.SWITCHING;
  }
}
