package com.upgradectl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "production", mixinStandardHelpOptions = true,
    description = "Production upgrade: upgrade the production database in place, in one step, with a safety copy.",
    subcommands = {ProductionUpgradeCommand.class})
final class ProductionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }
}
