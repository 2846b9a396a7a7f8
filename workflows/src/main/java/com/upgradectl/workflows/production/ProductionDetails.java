package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.ProgressMarkdown;
import com.upgradectl.workflows.common.StepDone;
import java.time.Instant;
import java.util.List;

/**
 * Renders a {@link ProductionStatus} as the markdown the Temporal UI shows as the workflow's current
 * details: users are locked out while it runs, so every step is listed with how long it took, and
 * the step under way with its elapsed time and progress.
 */
final class ProductionDetails {
  private ProductionDetails() {}

  static String render(ProductionStatus status, List<StepDone> completed, Instant now) {
    StringBuilder md = new StringBuilder();
    md.append("**Phase:** ").append(status.phase());
    if (status.plan() != null) {
      md.append(" · **production** ").append(status.plan().productionDatabase()).append(" · **profile** ")
          .append(status.plan().serverProfile());
    }
    md.append('\n');
    ProgressMarkdown.append(md, status.step(), status.timing(), status.progress(), now);
    ProgressMarkdown.appendCompleted(md, completed);
    if (!status.sessionsEnded().isEmpty()) {
      md.append("\n**Sessions ended:** ").append(status.sessionsEnded().size()).append('\n');
    }
    if (!status.migrationsApplied().isEmpty()) {
      md.append("\n**Migrations applied:** ").append(String.join(", ", status.migrationsApplied())).append('\n');
    }
    if (status.verification() != null) {
      md.append("\n**Verification:** ").append(status.verification().passed() ? "passed" : "FAILED").append('\n');
    }
    if (status.failure() != null) {
      md.append("\n**Failure:** ").append(status.failure()).append('\n');
    }
    if (!status.databasesLeft().isEmpty()) {
      md.append("\n**Databases left:**\n");
      status.databasesLeft().forEach(d -> md.append("- ").append(d).append('\n'));
    }
    return md.toString();
  }
}
