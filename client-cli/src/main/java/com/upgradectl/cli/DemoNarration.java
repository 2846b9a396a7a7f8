package com.upgradectl.cli;

import java.io.PrintWriter;

/** What both demo scenarios share: lines for the operator, and independent checks recorded in the report. */
final class DemoNarration {
  private final PrintWriter say;
  private final DemoReport report;

  DemoNarration(PrintWriter say, DemoReport report) {
    this.say = say;
    this.report = report;
  }

  PrintWriter out() {
    return say;
  }

  void say(String line) {
    say.println(line);
    say.flush();
  }

  interface Probe {
    DemoReport.Check run() throws Exception;
  }

  static DemoReport.Check result(boolean passed, String detail) {
    return new DemoReport.Check(null, passed, detail);
  }

  /** Runs one check; a check that cannot run counts as failed, with the reason. */
  void check(String name, Probe probe) {
    DemoReport.Check check;
    try {
      DemoReport.Check seen = probe.run();
      check = new DemoReport.Check(name, seen.passed(), seen.detail());
    } catch (Exception e) {
      check = new DemoReport.Check(name, false, "could not check: " + e.getMessage());
    }
    report.checks.add(check);
    say((check.passed() ? "   ok    " : "   FAIL  ") + name + ": " + check.detail());
  }
}
