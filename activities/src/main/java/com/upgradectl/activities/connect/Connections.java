package com.upgradectl.activities.connect;

import javax.sql.DataSource;

/** Pools per (profile, database), owned by the worker. */
public interface Connections {
  /**
   * The client application name every connection we open carries, so that freeze and the
   * session listings can tell our own sessions from the application's.
   */
  String APPLICATION_NAME = "upgradectl";

  /** @throws IllegalArgumentException naming the unknown profile and the known ones */
  ConnectionProfile profile(String name);

  /** A pooled DataSource for one database of the profile's server. */
  DataSource dataSource(String profile, String database);

  /**
   * A pooled DataSource for the profile's server URL as configured (its maintenance database), for
   * server-level statements: create, drop, rename, offline, session listings.
   */
  DataSource serverDataSource(String profile);

  /**
   * Closes the pool of that database, so that our own idle connections do not block a rename,
   * a drop or an offline. The next {@link #dataSource} call opens a new pool.
   */
  void evict(String profile, String database);
}
