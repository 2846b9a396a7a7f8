package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotStatus;

/** How `watch` and `demo` show a running upgrade: progress bars on a terminal, plain lines otherwise. */
interface ProgressView extends AutoCloseable {
  void show(PilotStatus status);

  @Override
  void close();

  static ProgressView forOutput(boolean interactiveTerminal, java.io.PrintWriter out) {
    return interactiveTerminal ? new BarProgressView(out) : new LineProgressView(out);
  }
}
