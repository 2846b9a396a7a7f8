package com.upgradectl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo")
final class DemoCommand implements Callable<Integer> {
  DemoCommand(boolean interactiveTerminal) {}

  @Override
  public Integer call() {
    return ExitCodes.FAILED;
  }
}
