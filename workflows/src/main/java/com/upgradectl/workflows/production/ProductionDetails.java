package com.upgradectl.workflows.production;

/** Renders a {@link ProductionStatus} as the markdown the Temporal UI shows as the workflow's current details. */
final class ProductionDetails {
  private ProductionDetails() {}

  static String render(ProductionStatus status) {
    StringBuilder md = new StringBuilder();
    md.append("**Phase:** ").append(status.phase());
    if (status.step() != null) {
      md.append(" · **Step:** ").append(status.step());
    }
    md.append('\n');
    if (!status.sessionsEnded().isEmpty()) {
      md.append("\n**Sessions ended:** ").append(status.sessionsEnded().size()).append('\n');
    }
    if (!status.migrationsApplied().isEmpty()) {
      md.append("\n**Migrations applied:** ").append(String.join(", ", status.migrationsApplied())).append('\n');
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
