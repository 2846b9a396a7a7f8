package com.upgradectl.workflows.common;

/**
 * How a refresh brought one data-record table up to production: by the keys changed since the last
 * refresh, or whole, and then why (never a guess: a table whose change capture cannot be trusted is
 * copied whole).
 *
 * @param changedKeys keys applied one by one (0 when copied whole)
 * @param wholeBecause null when applied by key; else why the table was copied whole
 */
public record TableRefresh(String table, long changedKeys, String wholeBecause) {
  public boolean copiedWhole() {
    return wholeBecause != null;
  }
}
