package com.upgradectl.workflows.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Temporal UI shows of an upgrade before opening it: the summary names the package by its
 * own name and versions, then the database it upgrades; the memo names the server profile (the
 * server, as the worker's configuration calls it), the database and the package, for a glance in
 * the workflow list or `temporal workflow describe`.
 */
public final class UpgradeSummary {
  private UpgradeSummary() {}

  /** e.g. "servicedesk 1 → 2 · pilot upgrade of database servicedesk on server profile local". */
  public static String of(String kind, String profile, String database, PackageRef pkg) {
    return "package " + pkg.name() + " " + pkg.fromVersion() + " → " + pkg.toVersion() + " · " + kind
        + " of database " + database + " on server profile " + profile;
  }

  public static Map<String, Object> memo(String profile, String database, PackageRef pkg) {
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put("serverProfile", profile);
    memo.put("productionDatabase", database);
    memo.put("package", pkg.versions());
    memo.put("packageLocation", pkg.location());
    return memo;
  }
}
