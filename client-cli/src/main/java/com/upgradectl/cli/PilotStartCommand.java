package com.upgradectl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "start")
final class PilotStartCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return ExitCodes.FAILED;
  }
}
