package com.upgradectl.activities.testing;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.Connections;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;

/** Test-only Connections over one embedded PostgreSQL: one profile, a plain (unpooled) DataSource per database. */
public final class EmbeddedConnections implements Connections {
  public static final String PROFILE = "embedded";

  private final EmbeddedPostgres postgres;

  public EmbeddedConnections(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  @Override
  public ConnectionProfile profile(String name) {
    if (!PROFILE.equals(name)) {
      throw new IllegalArgumentException("unknown connection profile " + name + " (known: " + PROFILE + ")");
    }
    return new ConnectionProfile(PROFILE, "postgresql", postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
  }

  @Override
  public DataSource dataSource(String profile, String database) {
    profile(profile);
    return postgres.getDatabase("postgres", database);
  }

  /** The server's maintenance database (no @Override: the interface gains this method on another branch). */
  public DataSource serverDataSource(String profile) {
    return dataSource(profile, "postgres");
  }

  @Override
  public void evict(String profile, String database) {
    // nothing pooled
  }
}
