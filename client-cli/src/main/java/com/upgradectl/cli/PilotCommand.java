package com.upgradectl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "pilot", mixinStandardHelpOptions = true,
    description = "Pilot upgrade: create a pilot on the new version from production, refresh its data, switch it to production.",
    subcommands = {PilotStartCommand.class, PilotRefreshCommand.class, PilotSwitchCommand.class,
        PilotCancelSwitchCommand.class, PilotSwitchBackCommand.class, PilotAbandonCommand.class})
final class PilotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }
}
