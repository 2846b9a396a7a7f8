package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.ProductionSettings;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The steps of the production upgrade. Every one is idempotent: retried after a crash in the middle
 * it finishes the job or finds it done. Activity types are prefixed "Production" so that they never
 * meet the pilot's of the same name on the one worker.
 */
@ActivityInterface(namePrefix = "Production")
public interface ProductionActivities {

  /**
   * Read-only checks of everything before any change: names, the package against production's
   * detected version, the migrations, the privileges to block and to create databases, the safety
   * copy's name free. Fails non-retryably (BadInput/PreconditionFailed) listing every problem.
   */
  ProductionPreflight preflight(ProductionPlan plan);

  /**
   * Refuses the application's new sessions on production and ends its present ones; returns each
   * session ended (user, application, client address), also logged. Idempotency: blocking a blocked
   * production ends whatever slipped in and changes nothing else.
   */
  List<String> blockUsers(ProductionPlan plan);

  /** Restores the settings captured before blocking, exactly. Idempotent. */
  void unblockUsers(ProductionPlan plan, ProductionSettings prior);

  /**
   * Copies production (blocked) into the safety copy and marks it as this upgrade's. Idempotency: a
   * safety copy marked as this upgrade's, left by an earlier attempt, is replaced; a database of that
   * name not made by this upgrade is never touched (PreconditionFailed).
   */
  void createSafetyCopy(ProductionPlan plan);

  /** Drops the safety copy; only a database marked as this upgrade's safety copy, and none is fine. */
  void dropSafetyCopy(ProductionPlan plan);

  /**
   * Read-only: production's imported tables as the package maps them (rows and checksums over the
   * target columns): what the migrated tables must equal. Expected and actual sides are equal.
   */
  List<TableCheck> mappedFingerprints(ProductionPlan plan);

  /**
   * Runs the package's in-place migrations on production, baselined at the package's from-version,
   * recording progress in a history table, so a retry continues after the last one applied. A
   * failing migration is a non-retryable BadInput naming it.
   */
  MigrationResult migrate(ProductionPlan plan);

  /** Read-only: version, schema and every migrated table against {@code before}. */
  ProductionVerification verifyUpgrade(ProductionPlan plan, List<TableCheck> before);

  /** Drops the migration history table, so production holds only the application's schema. Idempotent. */
  void dropMigrationHistory(ProductionPlan plan);

  /**
   * Puts the safety copy back under production's name: the failed production renamed aside to
   * {@code failedDatabase} (never dropped), the safety copy renamed to production's name, then
   * {@code attributes} re-applied. Idempotent from any point it may have stopped at.
   */
  void restoreFromSafetyCopy(ProductionPlan plan, String failedDatabase, DatabaseAttributes attributes);
}
