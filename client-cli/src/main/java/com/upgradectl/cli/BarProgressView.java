package com.upgradectl.cli;

import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar per step: overall rows of the step, the tables under way as its message. */
final class BarProgressView implements ProgressView {
  private final PrintWriter out;
  private ProgressBar bar;
  private String barFor;

  BarProgressView(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void show(PilotStatus status) {
    String title = status.step() != null ? status.step() : status.phase().name();
    List<TableProgress> tables = StatusText.nullToEmpty(status.progress());
    if (!Objects.equals(title, barFor)) {
      closeBar();
      out.println("phase " + status.phase() + (status.step() != null ? ": " + status.step() : ""));
      out.flush();
      barFor = title;
      if (!tables.isEmpty()) {
        bar = new ProgressBarBuilder()
            .setTaskName(shorten(title, 24))
            .setInitialMax(Math.max(1, StatusText.totalRows(tables)))
            .setUnit(" rows", 1)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setConsumer(new ConsoleProgressBarConsumer(System.out))
            .showSpeed()
            .build();
      }
    }
    if (bar == null && !tables.isEmpty()) {
      barFor = null; // progress arrived after the step began: start the bar now
      show(status);
      return;
    }
    if (bar != null) {
      bar.maxHint(Math.max(1, StatusText.totalRows(tables)));
      bar.stepTo(StatusText.totalDone(tables));
      bar.setExtraMessage(" " + tablesUnderWay(tables));
    }
  }

  private static String tablesUnderWay(List<TableProgress> tables) {
    long done = tables.stream().filter(TableProgress::done).count();
    String running = tables.stream().filter(t -> !t.done() && t.rowsDone() > 0)
        .map(t -> t.table() + " " + Figures.percent(t.rowsDone(), t.rowsTotal()))
        .collect(Collectors.joining(", "));
    return done + "/" + tables.size() + " tables" + (running.isEmpty() ? "" : " · " + running);
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void close() {
    closeBar();
    out.flush();
  }
}
