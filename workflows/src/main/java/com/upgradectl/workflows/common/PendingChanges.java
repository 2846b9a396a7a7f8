package com.upgradectl.workflows.common;

/**
 * What the next refresh of one data-record table would do, as far as the change capture says now.
 *
 * @param changedKeys keys written since the pilot's read point, on production and in the pilot
 *     (an upper bound: a key written on both sides counts twice)
 * @param estimatedRows production's estimate of the table's rows (what a whole copy moves)
 * @param wholeBecause null when the table would be refreshed by key; else why it would be copied whole
 */
public record PendingChanges(String table, long changedKeys, long estimatedRows, String wholeBecause) {}
