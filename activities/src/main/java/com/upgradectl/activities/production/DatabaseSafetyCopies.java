package com.upgradectl.activities.production;

import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.ProductionPlan;
import java.util.List;

/** The safety copy as a database of its own ({@link SafetyCopy}): PostgreSQL's way. */
final class DatabaseSafetyCopies implements SafetyCopies {
  private final DatabaseServer server;

  DatabaseSafetyCopies(DatabaseServer server) {
    this.server = server;
  }

  @Override
  public String describe(ProductionPlan plan) {
    return plan.safetyCopyDatabase();
  }

  /** None: the failed production is renamed aside to {@code failedDatabase}, which the status names. */
  @Override
  public String describeFailed(ProductionPlan plan, String failedDatabase) {
    return null;
  }

  @Override
  public List<String> preconditions(ProductionPlan plan) {
    if (!server.databaseExists(plan.safetyCopyDatabase())) {
      return List.of();
    }
    return List.of("safety copy name " + plan.safetyCopyDatabase() + " is taken: a database of that name exists on"
        + " profile " + plan.serverProfile() + " (if an earlier production upgrade left it, it may hold production as"
        + " it was: check " + plan.productionDatabase() + " first, then rename or drop it)");
  }

  @Override
  public List<String> warnings(ProductionPlan plan) {
    return List.of("the safety copy needs about " + server.sizeBytes(plan.productionDatabase()) / (1024 * 1024)
        + " MB free on the server's disk, as much as production takes now");
  }

  @Override
  public void create(ProductionPlan plan) {
    SafetyCopy.create(server, plan);
  }

  @Override
  public void drop(ProductionPlan plan) {
    SafetyCopy.drop(server, plan);
  }

  @Override
  public void restore(ProductionPlan plan, String failedDatabase, DatabaseAttributes attributes) {
    SafetyCopy.restore(server, plan, failedDatabase, attributes);
  }
}
