package com.upgradectl.cli;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.common.TableRefresh;
import com.upgradectl.workflows.pilot.PilotFacts;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** A pilot upgrade's status as an operator reads it. */
final class StatusText {

  private StatusText() {}

  /** After a switch (or a switch-back) the names moved: say plainly which database serves production. */
  private static String whatIsProduction(PilotPlan plan, PilotPhase phase) {
    String on = " on profile " + plan.serverProfile();
    String version = plan.upgradePackage() == null ? "" : " version " + plan.upgradePackage().toVersion();
    String previous = plan.upgradePackage() == null ? "" : " version " + plan.upgradePackage().fromVersion();
    return switch (phase) {
      case SWITCHED -> plan.productionDatabase() + on + " is production on" + version + " (the former pilot); the"
          + " previous production is " + plan.archiveDatabase();
      case SWITCHED_BACK -> plan.productionDatabase() + on + " is production on" + previous + " again (the archive"
          + " took its name back); the upgraded database is now " + plan.switchedBackDatabase();
      default -> plan.productionDatabase() + on;
    };
  }

  static String render(String workflowId, PilotStatus status, ZoneId zone) {
    StringBuilder out = new StringBuilder();
    PilotPlan plan = status.plan();
    line(out, "upgrade", workflowId);
    if (plan != null) {
      line(out, "production", whatIsProduction(plan, status.phase()));
      if (status.phase() != PilotPhase.SWITCHED && status.phase() != PilotPhase.SWITCHED_BACK) {
        line(out, "pilot", plan.pilotDatabase() + " (production becomes " + plan.archiveDatabase() + " at the switch)");
      }
      if (plan.upgradePackage() != null) {
        line(out, "package", plan.upgradePackage().name() + " " + plan.upgradePackage().fromVersion() + " -> "
            + plan.upgradePackage().toVersion() + " (" + plan.upgradePackage().location() + ")");
      }
    }
    line(out, "phase", status.phase() + (status.refreshCount() > 0 ? " (refreshed " + status.refreshCount()
        + (status.refreshCount() == 1 ? " time)" : " times)") : ""));
    if (status.step() != null) {
      line(out, "step", status.step());
    }
    if (status.scheduledSwitchAt() != null) {
      line(out, "switch at", Times.shown(status.scheduledSwitchAt(), zone));
    }
    PilotFacts facts = status.atRest();
    if (facts != null && facts.importedAt() != null) {
      line(out, "imported", facts.importedTables() + " tables, " + Figures.rows(facts.importedRows()) + " rows, at "
          + Times.shown(facts.importedAt(), zone) + (facts.refreshedAt() == null ? ""
              : "; last refresh at " + Times.shown(facts.refreshedAt(), zone) + ", "
                  + Figures.rows(facts.refreshedRows()) + " rows"));
    }
    if (facts != null) {
      facts.warnings().forEach(w -> line(out, "warning", w));
      if (facts.lastRefusal() != null) {
        line(out, "refused", facts.lastRefusal());
      }
    }
    if (status.switchBackUntil() != null) {
      line(out, "switch-back", "possible until " + Times.shown(status.switchBackUntil(), zone)
          + ": upgradectl pilot switch-back");
    }
    if (!nullToEmpty(status.progress()).isEmpty()) {
      line(out, "progress", Figures.rows(totalDone(status.progress())) + " of " + Figures.rows(totalRows(status.progress()))
          + " rows");
      for (TableProgress table : status.progress()) {
        out.append(String.format(Locale.ROOT, "  %-24s %s%n", table.table(), tableProgress(table)));
      }
    }
    List<TableRefresh> refreshed = nullToEmpty(status.lastRefresh());
    if (!refreshed.isEmpty()) {
      line(out, "last refresh", "by changed keys where the change capture allows it:");
      for (TableRefresh table : refreshed) {
        out.append(String.format(Locale.ROOT, "  %-24s %s%n", table.table(), table.copiedWhole()
            ? "copied whole: " + Figures.inText(table.wholeBecause()) : Figures.rows(table.changedKeys()) + " changed keys applied"));
      }
    }
    if (status.freezeMillis() != null) {
      line(out, "freeze", "production was frozen for " + Figures.seconds(status.freezeMillis())
          + (status.forecast() == null ? "" : " (forecast: about " + Figures.seconds(status.forecast().expectedFreezeMillis())
              + ")"));
    } else if (status.forecast() != null) {
      line(out, "if switched", "");
      out.append(ForecastText.render(status.forecast()).indent(2));
    }
    List<String> drift = nullToEmpty(status.configurationDrift());
    if (!drift.isEmpty()) {
      line(out, "drift", "configuration changed in production since the pilot was created: " + String.join(", ", drift));
      line(out, "", "(the pilot keeps its own configuration; carry these changes over by hand if they are wanted)");
    }
    List<TableCheck> checks = nullToEmpty(status.lastVerification());
    if (!checks.isEmpty()) {
      List<TableCheck> mismatches = checks.stream().filter(c -> !c.matches()).toList();
      line(out, "verified", mismatches.isEmpty()
          ? "all " + Figures.count(checks.size()) + " tables match production (rows and checksums)"
          : Figures.count(mismatches.size()) + " of " + Figures.count(checks.size()) + " tables DO NOT match production");
      for (TableCheck check : mismatches) {
        out.append(String.format(Locale.ROOT, "  %-24s expected %s rows (checksum %s), found %s (checksum %s)%n",
            check.table(), Figures.rows(check.expectedRows()), check.expectedChecksum(),
            Figures.rows(check.actualRows()), check.actualChecksum()));
      }
    }
    if (status.switchBackReport() != null) {
      out.append(SwitchBackText.render(status.switchBackReport()));
    }
    history(out, status.history(), zone);
    if (status.failure() != null) {
      line(out, "failure", Figures.inText(status.failure()));
    }
    return out.toString();
  }

  /** The history one entry a line, oldest first; the preflight's warnings each on a line of their own. */
  static void history(StringBuilder out, List<String> lines, ZoneId zone) {
    List<HistoryEntry> entries = HistoryEntry.parseAll(lines);
    if (entries.isEmpty()) {
      return;
    }
    line(out, "history", "");
    entries.forEach(entry -> out.append("  ").append(entry.shown(zone)).append('\n'));
    java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
    entries.forEach(entry -> warnings.addAll(entry.warnings()));
    warnings.forEach(warning -> line(out, "warning", warning));
  }

  static String tableProgress(TableProgress table) {
    if (table.done()) {
      return "done, " + Figures.rows(table.rowsDone()) + " rows, " + Figures.megabytes(table.bytesDone());
    }
    return Figures.rows(table.rowsDone()) + " / ~" + Figures.rows(table.rowsTotal()) + " rows ("
        + Figures.percent(table.rowsDone(), table.rowsTotal()) + ")";
  }

  static long totalDone(List<TableProgress> tables) {
    return tables.stream().mapToLong(TableProgress::rowsDone).sum();
  }

  static long totalRows(List<TableProgress> tables) {
    // an estimate can be below what was already copied
    return tables.stream().mapToLong(t -> Math.max(t.rowsTotal(), t.rowsDone())).sum();
  }

  static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "%-13s %s", label, value).stripTrailing()).append('\n');
  }

  static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
