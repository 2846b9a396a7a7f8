package com.upgradectl.activities.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.platform.postgres.PostgresServerFixture;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PooledConnectionsTest {
  private static PostgresServerFixture pg;
  private static PooledConnections connections;

  @BeforeAll
  static void start() {
    pg = PostgresServerFixture.start();
    connections = pg.connections();
    pg.execute("postgres", "CREATE DATABASE pool_one", "CREATE DATABASE \"odd$name-é\"");
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @Test
  void everyConnectionNamesItselfAndReachesTheDatabaseAskedFor() throws SQLException {
    assertThat(query(connections.dataSource(PostgresServerFixture.PROFILE, "pool_one"),
        "SELECT current_database() || '/' || current_setting('application_name')"))
        .isEqualTo("pool_one/" + Connections.APPLICATION_NAME);
    assertThat(query(connections.dataSource(PostgresServerFixture.PROFILE, "odd$name-é"), "SELECT current_database()"))
        .isEqualTo("odd$name-é");
    assertThat(query(connections.serverDataSource(PostgresServerFixture.PROFILE),
        "SELECT current_database() || '/' || current_setting('application_name')"))
        .isEqualTo("postgres/" + Connections.APPLICATION_NAME);
  }

  @Test
  void poolsAreNamedAfterProfileAndDatabase() throws SQLException {
    assertThat(connections.dataSource(PostgresServerFixture.PROFILE, "pool_one").unwrap(HikariDataSource.class)
        .getPoolName()).isEqualTo("upgradectl-test-pool_one");
  }

  @Test
  void evictClosesOurSessionsOnThatDatabaseAndTheNextUseOpensANewPool() throws SQLException {
    DataSource before = connections.dataSource(PostgresServerFixture.PROFILE, "pool_one");
    query(before, "SELECT 1");
    assertThat(pg.queryOne("postgres", ourSessionsSql("pool_one"))).isNotEqualTo("0");

    connections.evict(PostgresServerFixture.PROFILE, "pool_one");

    // A closed connection's server process exits a moment after the client hung up.
    assertThat(pg.awaitCount("postgres", ourSessionsSql("pool_one"), 0)).isZero();
    assertThat(before.unwrap(HikariDataSource.class).isClosed()).isTrue();
    DataSource after = connections.dataSource(PostgresServerFixture.PROFILE, "pool_one");
    assertThat(after).isNotSameAs(before);
    assertThat(query(after, "SELECT current_database()")).isEqualTo("pool_one");
  }

  @Test
  void unknownProfileIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> connections.dataSource("prod-east", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown connection profile 'prod-east' (known profiles: app, test)");
  }

  @Test
  void passwordsNeverShowInToString() {
    try (PooledConnections withSecrets = new PooledConnections(List.of(new ConnectionProfile("p", "postgresql",
        "jdbc:postgresql://db:5432/postgres?password=url-secret", "u", "profile-secret")))) {
      assertThat(withSecrets.toString()).doesNotContain("url-secret").doesNotContain("profile-secret")
          .contains("password=****");
    }
  }

  @Test
  void impossibleSettingsAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new PooledConnections(List.of(), 0, Duration.ofSeconds(1)))
        .hasMessage("maxPoolSize must be at least 1, was 0");
    assertThatThrownBy(() -> new PooledConnections(List.of(), 2, Duration.ofMillis(10)))
        .hasMessage("connectionTimeout must be at least 250 ms, was 10 ms");
    assertThatThrownBy(() -> new PooledConnections(List.of(
        new ConnectionProfile("p", "oracle", "jdbc:oracle:thin:@x", "u", ""))))
        .hasMessageContaining("database platform 'oracle' is not supported");
    ConnectionProfile twice = new ConnectionProfile("p", "postgresql", "jdbc:postgresql://x/postgres", "u", "");
    assertThatThrownBy(() -> new PooledConnections(List.of(twice, twice)))
        .hasMessage("connection profile 'p' is defined twice");
  }

  @Test
  void closedConnectionsRefuseNewPools() {
    PooledConnections closing = new PooledConnections(List.of(new ConnectionProfile("p", "postgresql",
        pg.url("postgres"), PostgresServerFixture.SUPERUSER, "")));
    closing.close();
    assertThatThrownBy(() -> closing.dataSource("p", "pool_one"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connections are closed");
  }

  private static String ourSessionsSql(String database) {
    return "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "' AND application_name = '"
        + Connections.APPLICATION_NAME + "'";
  }

  private static String query(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
