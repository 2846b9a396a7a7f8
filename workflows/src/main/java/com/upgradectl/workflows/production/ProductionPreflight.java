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
 */
public record ProductionPreflight(
    String platform,
    String detectedVersion,
    List<String> sessionsToEnd,
    List<String> migrations,
    String failedDatabase,
    ProductionSettings settings,
    DatabaseAttributes attributes,
    List<String> warnings) {

  public ProductionPreflight {
    sessionsToEnd = sessionsToEnd == null ? List.of() : List.copyOf(sessionsToEnd);
    migrations = migrations == null ? List.of() : List.copyOf(migrations);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
