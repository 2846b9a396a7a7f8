package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotStatus;

/** How `watch` and `demo` show a running upgrade: progress bars on a terminal, plain lines otherwise. */
interface ProgressView extends AutoCloseable {
  void show(PilotStatus status);

  @Override
  void close();

  /** Shows nothing: for output that must stay machine-readable. */
  static ProgressView silent() {
    return new ProgressView() {
      @Override
      public void show(PilotStatus status) {}

      @Override
      public void close() {}
    };
  }

  static ProgressView forOutput(boolean interactiveTerminal, java.io.PrintWriter out) {
    return interactiveTerminal ? new BarProgressView(out, System.out) : new LineProgressView(out);
  }
}
