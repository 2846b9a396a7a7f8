package com.upgradectl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import picocli.CommandLine;

/** Runs upgradectl in-process through the same factory main uses, capturing what it prints. */
record CliRun(int exitCode, String out, String err) {

  static CliRun run(String... args) {
    return run(Clock.systemDefaultZone(), args);
  }

  static CliRun run(Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = UpgradeCtl.commandLine(clock, false);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
