package com.upgradectl.workflows.production;

import com.upgradectl.workflows.pilot.ProductionSettings;
import java.util.List;

/**
 * What preflight found; it changed nothing. Problems that make the upgrade impossible are not in
 * here: preflight fails with a non-retryable BadInput/PreconditionFailed listing every one of them.
 *
 * @param platform "postgresql" or "sqlserver"
 * @param detectedVersion what the package's version query gave on production (null: no query)
 * @param sessionsToEnd the application's sessions on production now, which blocking will end
 * @param migrations the package's in-place migrations, in the order they run
 * @param failedDatabase the name production is renamed to if it has to be restored (free now)
 * @param settings production's settings that blocking changes, restored exactly by unblocking
 * @param attributes production's owner, privileges, comment and settings, re-applied after a restore
 * @param safetyCopy what the safety copy is and where, as the status names it: the database's name
 *     on PostgreSQL, "backup file /path" on SQL Server; null in runs started before it was reported
 * @param failedCopy where a failed production is kept if production is restored over it ("backup
 *     file /path" on SQL Server); null when it is renamed aside to {@code failedDatabase} (PostgreSQL)
 */
public record ProductionPreflight(
    String platform,
    String detectedVersion,
    List<String> sessionsToEnd,
    List<String> migrations,
    String failedDatabase,
    ProductionSettings settings,
    DatabaseAttributes attributes,
    List<String> warnings,
    String safetyCopy,
    String failedCopy) {

  public ProductionPreflight {
    sessionsToEnd = sessionsToEnd == null ? List.of() : List.copyOf(sessionsToEnd);
    migrations = migrations == null ? List.of() : List.copyOf(migrations);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** As reported before the safety copy's kind was: a database, and a failed production renamed aside. */
  public ProductionPreflight(String platform, String detectedVersion, List<String> sessionsToEnd,
      List<String> migrations, String failedDatabase, ProductionSettings settings, DatabaseAttributes attributes,
      List<String> warnings) {
    this(platform, detectedVersion, sessionsToEnd, migrations, failedDatabase, settings, attributes, warnings, null,
        null);
  }

  /** The safety copy as the status names it; before it was reported, the database of the plan's name. */
  public String safetyCopyOr(String safetyCopyDatabase) {
    return safetyCopy != null ? safetyCopy : safetyCopyDatabase;
  }
}
