package com.upgradectl.cli;

import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** One line per change (phase, step, what the step is doing, a table finished): readable in logs and pipes. */
final class LineProgressView implements ProgressView {
  private final PrintWriter out;
  private PilotPhase phase;
  private String step;
  private String doing;
  private ProgressPace lastSeen;
  private boolean sawCopying;
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
      endCopying(lastSeen);
      step = status.step();
      doing = null;
      tablesDone.clear();
      if (step != null) {
        out.println("  " + step);
      }
    }
    ProgressPace pace = ProgressPace.of(status);
    if (doing == null && pace.doing() != null) {
      // the first look at this step (watch attached mid-step): what it is doing comes before the tables it did
      doing = pace.doing();
      out.println("    " + doing);
    }
    for (TableProgress table : StatusText.nullToEmpty(status.progress())) {
      if (table.done() && tablesDone.add(table.table())) {
        out.println("    " + table.table() + ": " + StatusText.tableProgress(table));
      }
    }
    if (pace.doing() != null && !pace.doing().equals(doing)) {
      // the report that changed the stage was sent as the rows stopped: its figures are the copy's own
      endCopying(pace);
      doing = pace.doing();
      out.println("    " + doing);
    }
    sawCopying |= pace.copying();
    lastSeen = pace;
    out.flush();
  }

  /** When rows stop moving, one line says how many moved and at what rate, measured from the work's start. */
  private void endCopying(ProgressPace pace) {
    if (sawCopying && pace != null && pace.elapsed().isPresent() && pace.rowsPerSecond().isPresent()) {
      out.println("    " + Figures.rows(pace.rowsDone()) + " rows after " + Figures.seconds(pace.elapsed().get().toMillis())
          + ", " + Figures.count(pace.rowsPerSecond().getAsLong()) + " rows/s");
    }
    sawCopying = false;
  }

  @Override
  public void close() {
    endCopying(lastSeen);
    out.flush();
  }
}
