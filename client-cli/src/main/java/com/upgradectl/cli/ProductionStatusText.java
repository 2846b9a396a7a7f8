package com.upgradectl.cli;

import static com.upgradectl.cli.StatusText.line;
import static com.upgradectl.cli.StatusText.nullToEmpty;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import com.upgradectl.workflows.production.ProductionVerification;
import java.util.List;
import java.util.Locale;

/** A production upgrade's status as an operator reads it. */
final class ProductionStatusText {
  private ProductionStatusText() {}

  static String render(String workflowId, ProductionStatus status, java.time.ZoneId zone) {
    StringBuilder out = new StringBuilder();
    ProductionPlan plan = status.plan();
    line(out, "upgrade", workflowId);
    if (plan != null) {
      line(out, "production", plan.productionDatabase() + " on profile " + plan.serverProfile() + " (upgraded in place)");
      line(out, "safety copy", plan.safetyCopyDatabase() + (plan.keepSafetyCopy() ? " (kept after success)"
          : " (dropped after success)"));
      if (plan.upgradePackage() != null) {
        line(out, "package", plan.upgradePackage().name() + " " + plan.upgradePackage().fromVersion() + " -> "
            + plan.upgradePackage().toVersion() + " (" + plan.upgradePackage().location() + ")");
      }
    }
    line(out, "phase", status.phase().name());
    if (status.step() != null) {
      line(out, "step", status.step());
    }
    List<String> sessions = nullToEmpty(status.sessionsEnded());
    if (!sessions.isEmpty()) {
      line(out, "ended", Figures.count(sessions.size()) + " application session(s) ended by the block:");
      sessions.forEach(s -> out.append("  ").append(s).append('\n'));
    }
    List<String> migrations = nullToEmpty(status.migrationsApplied());
    if (!migrations.isEmpty()) {
      line(out, "migrations", String.join(", ", migrations));
    }
    renderVerification(out, status.verification());
    StatusText.history(out, status.history(), zone);
    if (status.failure() != null) {
      line(out, "failed at", status.failedStep() == null ? "(unknown step)" : status.failedStep());
      line(out, "failure", Figures.inText(status.failure()));
    }
    List<String> left = nullToEmpty(status.databasesLeft());
    if (!left.isEmpty()) {
      line(out, "left behind", Figures.count(left.size()) + " database(s) besides production:");
      left.forEach(d -> out.append("  ").append(d).append('\n'));
    }
    return out.toString();
  }

  private static void renderVerification(StringBuilder out, ProductionVerification verification) {
    if (verification == null) {
      return;
    }
    List<TableCheck> tables = verification.tables();
    long matching = tables.stream().filter(TableCheck::matches).count();
    line(out, "verified", verification.passed()
        ? "version " + verification.expectedVersion() + ", schema as the package defines it, "
            + Figures.count(matching) + " of " + Figures.count(tables.size()) + " tables equal to production's rows as mapped"
        : "FAILED: " + String.join("; ", verification.problems()));
    for (TableCheck check : tables) {
      if (!check.matches()) {
        out.append(String.format(Locale.ROOT, "  %-24s expected %s rows (checksum %s), found %s (checksum %s)%n",
            check.table(), Figures.rows(check.expectedRows()), check.expectedChecksum(),
            Figures.rows(check.actualRows()), check.actualChecksum()));
      }
    }
  }
}
