package com.upgradectl.activities.production;

import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.ProductionPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety copy's life: made, dropped, or put back under production's name. Only a database
 * carrying this upgrade's safety-copy marker is ever replaced, dropped or restored from.
 */
final class SafetyCopy {
  private static final Logger log = LoggerFactory.getLogger(SafetyCopy.class);
  private static final String STAGING_PREFIX = "upgradectl_safety_";
  private static final String STAGING_PURPOSE = "making its safety copy";
  private static final String SAFETY_COPY = "this upgrade's safety copy";

  private SafetyCopy() {}

  /**
   * The copy is made under a staging name, marked and blocked (the application must never write into
   * it), then renamed: the safety copy's name only ever holds a complete, marked copy.
   */
  static void create(DatabaseServer server, ProductionPlan plan) {
    DatabaseMarker marker = DatabaseMarker.safetyCopyOf(plan);
    String safety = plan.safetyCopyDatabase();
    if (server.databaseExists(safety)) {
      marker.requireOn(server, safety, "replace", SAFETY_COPY);
      log.info("dropping the safety copy {} left by an earlier attempt of this step, to copy production again", safety);
      server.dropDatabase(safety);
    }
    String staging = marker.derivedName(STAGING_PREFIX);
    marker.dropLeftover(server, staging, STAGING_PURPOSE);
    server.copyDatabase(plan.productionDatabase(), staging);
    server.writeMarker(staging, marker);
    server.freeze(staging);
    server.renameDatabase(staging, safety);
    log.info("made the safety copy {} of production database {}", safety, plan.productionDatabase());
  }

  /** Only a database marked as this upgrade's safety copy; none at all is fine. */
  static void drop(DatabaseServer server, ProductionPlan plan) {
    DatabaseMarker marker = DatabaseMarker.safetyCopyOf(plan);
    if (server.databaseExists(plan.safetyCopyDatabase())) {
      marker.requireOn(server, plan.safetyCopyDatabase(), "drop", SAFETY_COPY);
      server.dropDatabase(plan.safetyCopyDatabase());
    }
    marker.dropLeftover(server, marker.derivedName(STAGING_PREFIX), STAGING_PURPOSE);
  }

  /**
   * Where it may have stopped: nothing done yet (production and the safety copy exist), production
   * renamed aside (the safety copy and the failed name exist), the safety copy renamed (production and
   * the failed name exist, the safety copy does not). The restored production stays blocked until
   * the workflow unblocks it with production's own settings.
   */
  static void restore(DatabaseServer server, ProductionPlan plan, String failedDatabase, DatabaseAttributes attributes) {
    String production = plan.productionDatabase();
    String safety = plan.safetyCopyDatabase();
    server.validateName("failed database", failedDatabase);
    boolean productionExists = server.databaseExists(production);
    boolean failedExists = server.databaseExists(failedDatabase);
    if (server.databaseExists(safety)) {
      DatabaseMarker.safetyCopyOf(plan).requireOn(server, safety, "restore production from", SAFETY_COPY);
      if (productionExists) {
        if (failedExists) {
          throw Failures.precondition("cannot rename the failed production " + production + " aside to "
              + failedDatabase + ": a database of that name exists; production is not restored, the safety copy "
              + safety + " is intact");
        }
        server.renameDatabase(production, failedDatabase);
        log.warn("renamed the failed production database {} to {}; it is kept for inspection", production,
            failedDatabase);
      }
      server.renameDatabase(safety, production);
    } else if (!(productionExists && failedExists)) {
      throw Failures.precondition("cannot restore production " + production + ": the safety copy " + safety
          + " does not exist" + (productionExists ? "" : ", nor does " + production) + "; nothing was changed");
    }
    server.freeze(production);
    server.applyAttributes(production, attributes);
    log.warn("restored production database {} from its safety copy; the failed one is {}", production,
        failedDatabase);
  }
}
