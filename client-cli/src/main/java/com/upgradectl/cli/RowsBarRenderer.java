package com.upgradectl.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar library's rendering with the rows in the CLI's one format (28,802/100,000 rows)
 * instead of bare digits, no speed of its own (the rate is the work's, in the bar's message) and the
 * time left given by the caller.
 */
final class RowsBarRenderer extends DefaultProgressBarRenderer {
  private static final String UNIT = " rows";

  RowsBarRenderer(Function<ProgressState, Optional<Duration>> remaining) {
    super(ProgressBarStyle.COLORFUL_UNICODE_BLOCK, UNIT, 1, false, null, ChronoUnit.SECONDS, true, remaining);
  }

  @Override
  protected String ratio(ProgressState progress) {
    String max = progress.isIndefinite() ? "?" : Figures.count(progress.getMax());
    return " " + Figures.count(progress.getCurrent()) + "/" + max + UNIT;
  }
}
