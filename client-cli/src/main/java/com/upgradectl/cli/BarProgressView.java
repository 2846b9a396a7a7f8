package com.upgradectl.cli;

import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar while rows move: one per step and stage (copying, replacing...), titled with what
 * runs. Stages that move no rows (checking, verifying, renaming) get a line of their own instead of
 * a bar sitting at 100%. The bar's elapsed time, rate and time left are the work's own (from the
 * worker's clock, see {@link ProgressPace}), not counted from when `watch` attached; its total only
 * grows, and only when the work proves the estimate low.
 */
final class BarProgressView implements ProgressView {
  private final PrintWriter out;
  private final PrintStream bars;
  private ProgressBar bar;
  private String shownFor;
  private long barMax;
  private boolean indefinite;
  /** Read by the bar's own rendering thread for the time left. */
  private volatile ProgressPace pace;

  BarProgressView(PrintWriter out, PrintStream bars) {
    this.out = out;
    this.bars = bars;
  }

  @Override
  public void show(PilotStatus status) {
    List<TableProgress> tables = StatusText.nullToEmpty(status.progress());
    ProgressPace now = ProgressPace.of(status);
    String title = status.step() != null ? status.step() : status.phase().name();
    String showing = title + (now.doing() != null ? ": " + now.doing() : "");
    if (!Objects.equals(showing, shownFor)) {
      if (bar != null && shownFor.startsWith(title + ":")) {
        update(now, tables); // the same step's next stage: its first report holds the copy's final rows
      }
      closeBar();
      out.println("phase " + status.phase() + (status.step() != null ? ": " + status.step() : "")
          + (now.doing() != null ? " (" + now.doing() + ")" : ""));
      out.flush();
      shownFor = showing;
    }
    pace = now;
    if (bar == null && now.copying()) {
      bar = newBar(showing, now);
    }
    if (bar != null) {
      update(now, tables);
    }
  }

  private void update(ProgressPace now, List<TableProgress> tables) {
    // mid-run the total only grows (an estimate proved low); once every table is done it is exact
    barMax = now.copying() ? Math.max(barMax, now.rowsTotal()) : now.rowsTotal();
    if (!indefinite) {
      bar.maxHint(Math.max(1, barMax));
    }
    bar.stepTo(now.rowsDone());
    // the rate first: a narrow terminal cuts the message's end
    bar.setExtraMessage(" " + (now.rateText().isEmpty() ? "" : now.rateText() + " · ") + tablesUnderWay(tables));
  }

  private ProgressBar newBar(String title, ProgressPace now) {
    // no total beyond what is done when the bar starts: the work does not know it (rows by changed key), none is shown
    indefinite = now.rowsTotal() <= now.rowsDone();
    barMax = Math.max(1, now.rowsTotal());
    return new ProgressBarBuilder()
        .setTaskName(shorten(title, 32))
        .setInitialMax(indefinite ? -1 : barMax)
        .setConsumer(new ConsoleProgressBarConsumer(bars))
        .setRenderer(new RowsBarRenderer(state -> pace == null ? Optional.empty() : pace.remaining()))
        // elapsed counts from the work's start, as the worker reported it
        .startsFrom(0, now.elapsed().orElse(Duration.ZERO))
        .build();
  }

  private static String tablesUnderWay(List<TableProgress> tables) {
    long done = tables.stream().filter(TableProgress::done).count();
    String running = tables.stream().filter(t -> !t.done() && t.rowsDone() > 0)
        .map(t -> t.table() + " " + Figures.percent(t.rowsDone(), t.rowsTotal()))
        .collect(Collectors.joining(", "));
    return Figures.count(done) + "/" + Figures.count(tables.size()) + " tables"
        + (running.isEmpty() ? "" : " · " + running);
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
      barMax = 0;
    }
  }

  @Override
  public void close() {
    closeBar();
    out.flush();
  }
}
