package com.upgradectl.cli;

import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** One line per change (phase, step, a table finished): readable in logs and pipes. */
final class LineProgressView implements ProgressView {
  private final PrintWriter out;
  private PilotPhase phase;
  private String step;
  private final Set<String> tablesDone = new HashSet<>();

  LineProgressView(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void show(PilotStatus status) {
    if (status.phase() != phase) {
      phase = status.phase();
      out.println("phase " + phase);
    }
    if (!Objects.equals(status.step(), step)) {
      step = status.step();
      tablesDone.clear();
      if (step != null) {
        out.println("  " + step);
      }
    }
    for (TableProgress table : StatusText.nullToEmpty(status.progress())) {
      if (table.done() && tablesDone.add(table.table())) {
        out.println("    " + table.table() + ": " + StatusText.tableProgress(table));
      }
    }
    out.flush();
  }

  @Override
  public void close() {
    out.flush();
  }
}
