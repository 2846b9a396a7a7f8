package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PreflightReport;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionPreflight;
import java.util.List;
import java.util.Locale;

/** The plan a passed preflight shows: steps, names, tables, rows, warnings. */
final class PreflightText {
  private PreflightText() {}

  static String pilot(PilotPlan plan, PreflightReport report) {
    StringBuilder out = new StringBuilder();
    out.append("preflight of the pilot upgrade of ").append(plan.productionDatabase()).append(" on ")
        .append(plan.serverProfile()).append(": passed; nothing was changed\n");
    line(out, "platform", report.platform() + versionSeen(report.detectedVersion()));
    line(out, "package", plan.upgradePackage().versions());
    line(out, "pilot", plan.pilotDatabase());
    line(out, "archive", plan.archiveDatabase() + " (production's name after the switch)");
    if (plan.switchBackGraceMinutes() > 0) {
      line(out, "switch-back", "possible for " + plan.switchBackGraceMinutes() + " min after the switch; the new"
          + " production is then kept as " + plan.switchedBackDatabase());
    }
    line(out, "tables", tables(report.configurationTables(), "configuration") + "; "
        + tables(report.dataTables(), "data-record") + "; about " + Figures.rows(report.productionRows()) + " rows");
    line(out, "steps", "create " + plan.pilotDatabase() + " with the version " + plan.upgradePackage().toVersion()
        + " schema, capture production's writes by key, import every table from one read point and verify it,"
        + " fingerprint the configuration, run the pilot-mode statements; then refresh and switch on request");
    warnings(out, report.warnings());
    return out.toString();
  }

  static String production(ProductionPlan plan, ProductionPreflight report) {
    StringBuilder out = new StringBuilder();
    out.append("preflight of the production upgrade of ").append(plan.productionDatabase()).append(" on ")
        .append(plan.serverProfile()).append(": passed; nothing was changed\n");
    line(out, "platform", report.platform() + versionSeen(report.detectedVersion()));
    line(out, "package", plan.upgradePackage().versions());
    line(out, "ends", report.sessionsToEnd().isEmpty() ? "no application session (none connected now)"
        : Figures.count(report.sessionsToEnd().size()) + " application session(s) now connected: "
            + String.join("; ", report.sessionsToEnd()));
    line(out, "safety copy", report.safetyCopy() != null ? report.safetyCopy() : plan.safetyCopyDatabase());
    line(out, "migrations", report.migrations().isEmpty() ? "none" : String.join(", ", report.migrations()));
    line(out, "if it fails", "production is restored from the safety copy; the failed database is kept as "
        + (report.failedCopy() != null ? report.failedCopy() : report.failedDatabase()));
    line(out, "steps", "block the application, take the safety copy, run the migrations, verify version, schema and"
        + " every migrated table, let the application in again, " + (plan.keepSafetyCopy() ? "keep" : "drop")
        + " the safety copy");
    warnings(out, report.warnings());
    return out.toString();
  }

  private static String versionSeen(String version) {
    return version == null ? "" : ", production holds version " + version;
  }

  private static String tables(List<String> names, String kind) {
    List<String> all = names == null ? List.of() : names;
    return Figures.count(all.size()) + " " + kind + (all.isEmpty() ? "" : " (" + String.join(", ", all) + ")");
  }

  private static void warnings(StringBuilder out, List<String> warnings) {
    if (warnings == null || warnings.isEmpty()) {
      line(out, "warnings", "none");
      return;
    }
    warnings.forEach(w -> line(out, "warning", w));
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "  %-12s %s%n", label, value));
  }
}
