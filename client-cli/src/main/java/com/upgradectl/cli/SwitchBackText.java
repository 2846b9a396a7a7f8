package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.SwitchBackReport;
import java.util.Locale;

/** The rows written to the new production since the switch, as an operator reads them to enter them again. */
final class SwitchBackText {
  private SwitchBackText() {}

  static String render(SwitchBackReport report) {
    if (report == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append(report.totalChanged() == 0 ? "no row was written to the new production since the switch\n"
        : "rows written to the new production since the switch (enter them again in production; the statements are"
            + " in the new version's table shape):\n");
    for (SwitchBackReport.TableChanges table : report.tables()) {
      out.append(String.format(Locale.ROOT, "  %-24s %s inserted, %s updated, %s deleted%n", table.table(),
          Figures.count(table.inserted()), Figures.count(table.updated()), Figures.count(table.deleted())));
      for (SwitchBackReport.RowChange row : table.rows()) {
        out.append("    ").append(row.statement()).append('\n');
      }
      if (!table.complete()) {
        out.append("    (").append(Figures.count(table.changed() - table.rows().size())).append(" more not listed here)\n");
      }
    }
    if (report.tables().stream().anyMatch(t -> !t.complete())) {
      out.append("the complete list is kept in ").append(report.database()).append(": ").append(report.fullListing())
          .append('\n');
    }
    return out.toString();
  }
}
