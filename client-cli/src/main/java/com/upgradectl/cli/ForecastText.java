package com.upgradectl.cli;

import com.upgradectl.workflows.common.PendingChanges;
import com.upgradectl.workflows.pilot.SwitchForecast;
import java.util.Locale;

/** A switch forecast as an operator reads it: the expected freeze first, then what is pending per table. */
final class ForecastText {
  private ForecastText() {}

  static String render(SwitchForecast forecast) {
    StringBuilder out = new StringBuilder();
    out.append("production will be frozen for about ").append(Figures.seconds(forecast.expectedFreezeMillis()))
        .append('\n').append("  (").append(Figures.inText(forecast.basis())).append(")\n");
    for (PendingChanges table : forecast.tables()) {
      out.append(String.format(Locale.ROOT, "  %-24s %s%n", table.table(), pending(table)));
    }
    return out.toString();
  }

  static String pending(PendingChanges table) {
    if (table.wholeBecause() != null) {
      return "copied whole (~" + Figures.rows(table.estimatedRows()) + " rows): " + Figures.inText(table.wholeBecause());
    }
    return Figures.rows(table.changedKeys()) + (table.changedKeys() == 1 ? " changed key" : " changed keys");
  }
}
