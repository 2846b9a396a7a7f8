package com.upgradectl.cli;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code upgradectl}: the operator's command line. Talks to Temporal only; never to a database. */
@Command(name = "upgradectl", mixinStandardHelpOptions = true, version = "upgradectl 0.1.0",
    description = "Upgrades an application's database to its next version, durably, with Temporal.",
    subcommands = {PilotCommand.class, ProductionCommand.class, PreflightCommand.class, StatusCommand.class, WatchCommand.class, ListCommand.class,
        DemoCommand.class, HelpCommand.class})
public final class UpgradeCtl implements Callable<Integer> {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine(Clock.systemDefaultZone(), System.console() != null).execute(args));
  }

  /**
   * The one way to build the command line, for main and for tests.
   *
   * @param clock what "now" is for switch times
   * @param interactiveTerminal progress bars (true) or one line per change (false)
   */
  public static CommandLine commandLine(Clock clock, boolean interactiveTerminal) {
    CommandLine commandLine = new CommandLine(new UpgradeCtl(), new Factory(clock, interactiveTerminal));
    commandLine.setExecutionExceptionHandler(new Failures());
    commandLine.setParameterExceptionHandler(new UsageErrors());
    documentExitCodes(commandLine);
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }

  private static void documentExitCodes(CommandLine commandLine) {
    Map<String, String> codes = new LinkedHashMap<>();
    for (String line : ExitCodes.DESCRIPTIONS) {
      String[] parts = line.split(":", 2);
      codes.put(parts[0], parts[1]);
    }
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    commandLine.getSubcommands().values().forEach(UpgradeCtl::documentExitCodes);
  }

  /** Hands the clock and the kind of terminal to the commands that need them. */
  private record Factory(Clock clock, boolean interactiveTerminal) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == PilotSwitchCommand.class) {
        return type.cast(new PilotSwitchCommand(clock));
      }
      if (type == WatchCommand.class) {
        return type.cast(new WatchCommand(interactiveTerminal));
      }
      if (type == ProductionUpgradeCommand.class) {
        return type.cast(new ProductionUpgradeCommand(interactiveTerminal));
      }
      if (type == PilotAbandonCommand.class) {
        return type.cast(new PilotAbandonCommand(interactiveTerminal));
      }
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(interactiveTerminal));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
