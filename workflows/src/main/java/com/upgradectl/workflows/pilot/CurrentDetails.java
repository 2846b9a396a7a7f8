package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.common.ProgressMarkdown.count;

import com.upgradectl.workflows.common.ProgressMarkdown;
import com.upgradectl.workflows.common.StepDone;
import com.upgradectl.workflows.common.TableCheck;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link PilotStatus} as the markdown the Temporal UI shows as the workflow's current
 * details: at rest what `upgradectl status` shows (what the pilot holds, verification, drift,
 * warnings, what can be done next and the command for it); while a step runs its sub-step, elapsed
 * time, rows, rate and ETA.
 */
final class CurrentDetails {
  private CurrentDetails() {}

  static String render(PilotStatus status, Instant now) {
    return render(status, List.of(), now);
  }

  /** @param completed the steps of the work under way that ended (shown while the pilot is working) */
  static String render(PilotStatus status, List<StepDone> completed, Instant now) {
    StringBuilder md = new StringBuilder();
    md.append("**Phase:** ").append(status.phase());
    PilotPlan plan = status.plan();
    if (plan != null) {
      md.append(" · **production** ").append(plan.productionDatabase()).append(" · **pilot** ")
          .append(plan.pilotDatabase()).append(" · **profile** ").append(plan.serverProfile());
    }
    md.append('\n');
    ProgressMarkdown.append(md, status.step(), status.timing(), status.progress(), now);
    if (working(status.phase())) {
      ProgressMarkdown.appendCompleted(md, completed);
    }
    if (status.scheduledSwitchAt() != null) {
      md.append("\n**Switch scheduled at:** ").append(status.scheduledSwitchAt()).append('\n');
    }
    if (status.switchBackUntil() != null) {
      md.append("\n**Switch-back possible until:** ").append(status.switchBackUntil()).append('\n');
    }
    if (status.switchBackReport() != null) {
      md.append("\n**Rows written since the switch:** ").append(SwitchBackSaga.summary(status.switchBackReport()))
          .append('\n');
    }
    PilotFacts facts = status.atRest();
    if (facts != null && facts.importedAt() != null) {
      md.append("\n**Imported:** ").append(facts.importedTables()).append(" tables, ").append(count(facts.importedRows()))
          .append(" rows at ").append(seconds(facts.importedAt())).append('\n');
    }
    if (status.refreshCount() > 0) {
      md.append("\n**Refreshes:** ").append(status.refreshCount());
      if (facts != null && facts.refreshedAt() != null) {
        md.append(" · last at ").append(seconds(facts.refreshedAt())).append(", ").append(count(facts.refreshedRows()))
            .append(" rows");
      }
      md.append('\n');
    }
    verification(md, status.lastVerification());
    if (!status.configurationDrift().isEmpty()) {
      md.append("\n**Configuration changed in production since the pilot was created:** ")
          .append(String.join(", ", status.configurationDrift())).append('\n');
    } else if (facts != null && status.refreshCount() > 0) {
      md.append("\n**Configuration drift:** none since the pilot was created\n");
    }
    if (facts != null && !facts.warnings().isEmpty()) {
      md.append("\n**Warnings:**\n");
      facts.warnings().forEach(w -> md.append("- ").append(w).append('\n'));
    }
    if (facts != null && facts.lastRefusal() != null) {
      md.append("\n**Refused:** ").append(facts.lastRefusal()).append('\n');
    }
    if (status.failure() != null) {
      md.append("\n**Last failure:** ").append(status.failure()).append('\n');
    }
    List<String> next = nextActions(status);
    if (!next.isEmpty()) {
      md.append("\n**Next:**\n");
      next.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  private static void verification(StringBuilder md, List<TableCheck> checks) {
    if (checks == null || checks.isEmpty()) {
      return;
    }
    List<String> mismatches = checks.stream().filter(c -> !c.matches()).map(TableCheck::table).toList();
    md.append("\n**Verified:** ").append(mismatches.isEmpty()
        ? "all " + checks.size() + " tables match production (rows and checksums)"
        : mismatches.size() + " of " + checks.size() + " tables DO NOT match production: " + String.join(", ", mismatches))
        .append('\n');
  }

  /** What the operator can do in this phase, with the command that does it. */
  static List<String> nextActions(PilotStatus status) {
    PilotPlan plan = status.plan();
    if (plan == null) {
      return List.of();
    }
    String target = " --profile " + plan.serverProfile() + " --database " + plan.productionDatabase() + "`";
    List<String> next = new ArrayList<>();
    switch (status.phase()) {
      case READY -> {
        next.add("refresh the pilot's data records: `upgradectl pilot refresh" + target);
        next.add("see how long production would be frozen: `upgradectl pilot switch --dry-run" + target);
        next.add("switch now, or at a time: `upgradectl pilot switch" + target + " (add `--at 22:00`)");
        next.add("abandon the pilot (production is not changed): `upgradectl pilot abandon" + target);
      }
      case SWITCH_SCHEDULED -> {
        next.add("re-schedule: `upgradectl pilot switch --at TIME" + target);
        next.add("cancel the scheduled switch: `upgradectl pilot cancel-switch" + target);
        next.add("abandon the pilot: `upgradectl pilot abandon" + target);
      }
      case SWITCHED -> {
        if (status.switchBackUntil() != null) {
          next.add("switch back to the archive until " + status.switchBackUntil() + ": `upgradectl pilot switch-back"
              + target);
        }
      }
      case PREFLIGHT, CREATING, REFRESHING, SWITCHING, SWITCHING_BACK ->
          next.add("follow it: `upgradectl watch" + target);
      default -> { }
    }
    return next;
  }

  static boolean working(PilotPhase phase) {
    return switch (phase) {
      case PREFLIGHT, CREATING, REFRESHING, SWITCHING, SWITCHING_BACK, ABANDONED -> true;
      default -> false;
    };
  }

  private static Instant seconds(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS);
  }
}
