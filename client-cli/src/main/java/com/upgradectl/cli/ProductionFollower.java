package com.upgradectl.cli;

import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Follows a production upgrade to its end, printing each phase change and each new history line as
 * it appears: a one-step upgrade is short, and its log of what was done (sessions ended, migrations
 * run, tables verified) is what the operator wants to read.
 */
final class ProductionFollower {
  private final Supplier<ProductionStatus> status;
  private final Duration interval;

  ProductionFollower(Supplier<ProductionStatus> status, Duration interval) {
    this.status = status;
    this.interval = interval;
  }

  ProductionStatus follow(PrintWriter out) throws InterruptedException {
    ProductionPhase shownPhase = null;
    String shownStep = null;
    int shownLines = 0;
    while (true) {
      ProductionStatus current = status.get();
      // what was done before the phase changed is told first
      List<String> history = StatusText.nullToEmpty(current.history());
      for (int i = shownLines; i < history.size(); i++) {
        out.println("  " + HistoryEntry.parse(history.get(i)).shown(java.time.ZoneId.systemDefault()));
      }
      shownLines = Math.max(shownLines, history.size());
      if (current.phase() != shownPhase) {
        shownPhase = current.phase();
        out.println("phase " + shownPhase);
      }
      if (current.step() != null && !Objects.equals(current.step(), shownStep)) {
        out.println("  ... " + current.step());
      }
      shownStep = current.step();
      out.flush();
      if (current.phase().isFinal()) {
        return current;
      }
      Thread.sleep(interval.toMillis());
    }
  }
}
