package com.upgradectl.activities.connect;

import javax.sql.DataSource;

/** Pools per (profile, database), owned by the worker. */
public interface Connections {
  /** @throws IllegalArgumentException naming the unknown profile and the known ones */
  ConnectionProfile profile(String name);

  /** A pooled DataSource for one database of the profile's server. */
  DataSource dataSource(String profile, String database);

  /**
   * Closes the pool of that database, so that our own idle connections do not block a rename,
   * a drop or an offline. The next {@link #dataSource} call opens a new pool.
   */
  void evict(String profile, String database);
}
