package com.upgradectl.cli;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** What `watch` leaves on the screen when the work it followed ends: the outcome in a few lines. */
final class WatchSummary {
  private WatchSummary() {}

  static String render(PilotStatus last, Duration watched, ZoneId zone) {
    StringBuilder out = new StringBuilder("summary\n");
    line(out, "outcome", last.phase() + (last.failure() != null ? ": " + Figures.inText(last.failure()) : ""));
    line(out, "watched for", Figures.seconds(watched.toMillis()));
    List<TableCheck> checks = last.lastVerification() == null ? List.of() : last.lastVerification();
    if (!checks.isEmpty()) {
      long rows = checks.stream().mapToLong(TableCheck::actualRows).sum();
      long mismatched = checks.stream().filter(c -> !c.matches()).count();
      line(out, "rows", Figures.rows(rows) + " in " + checks.size() + " tables, "
          + (mismatched == 0 ? "every table verified equal to production" : mismatched + " tables do not match"));
    }
    List<String> drift = last.configurationDrift();
    if (drift != null && last.phase() != PilotPhase.PREFLIGHT) {
      line(out, "drift", drift.isEmpty() ? "none: production's configuration is as at the start"
          : "production changed " + String.join(", ", drift) + " (kept as the pilot has it)");
    }
    if (last.freezeMillis() != null) {
      line(out, "freeze", Figures.seconds(last.freezeMillis()) + (last.forecast() == null ? ""
          : " (forecast: about " + Figures.seconds(last.forecast().expectedFreezeMillis()) + ")"));
    }
    if (last.switchBackUntil() != null) {
      line(out, "switch-back", "possible until " + Times.shown(last.switchBackUntil(), zone));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "  %-12s %s%n", label, value));
  }
}
