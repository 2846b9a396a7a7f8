package com.upgradectl.workflows.pilot;

import java.util.List;

/**
 * What preflight found; it changed nothing. Problems that make the upgrade impossible are not in
 * here: preflight fails with a non-retryable BadInput/PreconditionFailed listing every one of them.
 *
 * @param platform "postgresql" or "sqlserver"
 * @param productionRows estimated rows in production's imported tables
 * @param warnings things the operator should know (e.g. production tables the new version drops)
 */
public record PreflightReport(
    String platform,
    String detectedVersion,
    List<String> configurationTables,
    List<String> dataTables,
    long productionRows,
    List<String> warnings) {}
