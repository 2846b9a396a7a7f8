package com.upgradectl.activities.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.DatabaseServers;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * One embedded PostgreSQL per test class, with our pools on it: profile {@value #PROFILE} connects as
 * the superuser, profile {@value #APP_PROFILE} as the non-superuser role {@value #APP_ROLE}. Helper
 * connections of the tests themselves are plain JDBC (not ours), like the application's.
 */
public final class PostgresServerFixture implements AutoCloseable {
  public static final String PROFILE = "test";
  public static final String APP_PROFILE = "app";
  public static final String APP_ROLE = "app_user";
  public static final String SUPERUSER = "postgres";

  private final EmbeddedPostgres postgres;
  private final PooledConnections connections;
  private final DatabaseServers servers;
  private final List<TestActivityEnvironment> activityEnvironments = new ArrayList<>();

  private PostgresServerFixture(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    String serverUrl = url("postgres");
    this.connections = new PooledConnections(List.of(
        new ConnectionProfile(PROFILE, PostgresPlatform.NAME, serverUrl, SUPERUSER, "not-needed"),
        new ConnectionProfile(APP_PROFILE, PostgresPlatform.NAME, serverUrl, APP_ROLE, "not-needed")),
        4, Duration.ofSeconds(5));
    this.servers = new DatabaseServers(connections, Duration.ofSeconds(10));
  }

  public static PostgresServerFixture start() {
    try {
      // Durability is not under test here; without fsync, CREATE DATABASE is quick.
      PostgresServerFixture fixture = new PostgresServerFixture(EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start());
      fixture.execute("postgres", "CREATE ROLE " + APP_ROLE + " LOGIN CREATEDB");
      return fixture;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A stub of activity interface {@code type} running {@code implementation} the way a worker
   * would (arguments and failures serialized), without retries.
   */
  public <T> T activityStub(Class<T> type, Object implementation) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    activityEnvironments.add(env);
    env.registerActivitiesImplementations(implementation);
    return env.newActivityStub(type, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  public PooledConnections connections() {
    return connections;
  }

  public DatabaseServers servers() {
    return servers;
  }

  public DatabaseServer server() {
    return servers.of(PROFILE);
  }

  public String url(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  /** A plain connection, not from our pools and without our application name. */
  public Connection connect(String database, String user) throws SQLException {
    return DriverManager.getConnection(url(database), user, "");
  }

  public void execute(String database, String... statements) {
    try (Connection c = connect(database, SUPERUSER); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<String> queryColumn(String database, String sql) {
    try (Connection c = connect(database, SUPERUSER); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public String queryOne(String database, String sql) {
    List<String> values = queryColumn(database, sql);
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * Polls a count query until it returns {@code expected} (sessions vanish a moment after they are
   * closed or ended); gives up after 10 s and returns the last count.
   */
  public long awaitCount(String database, String countSql, long expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long count = Long.parseLong(queryOne(database, countSql));
    while (count != expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      count = Long.parseLong(queryOne(database, countSql));
    }
    return count;
  }

  /**
   * The non-retryable ApplicationFailure an action fails with, unwrapped from the ActivityFailure
   * that TestActivityEnvironment stubs throw.
   */
  public static ApplicationFailure failure(ThrowingCallable action) {
    Throwable thrown = catchThrowable(action);
    assertThat(thrown).as("the action should have failed").isNotNull();
    Throwable cause = thrown instanceof ActivityFailure ? thrown.getCause() : thrown;
    assertThat(cause).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure failure = (ApplicationFailure) cause;
    assertThat(failure.isNonRetryable()).as("non-retryable: " + failure.getOriginalMessage()).isTrue();
    return failure;
  }

  public Set<String> databases() {
    return new TreeSet<>(queryColumn("postgres", "SELECT datname FROM pg_database"));
  }

  @Override
  public void close() throws IOException {
    activityEnvironments.forEach(TestActivityEnvironment::close);
    connections.close();
    postgres.close();
  }
}
