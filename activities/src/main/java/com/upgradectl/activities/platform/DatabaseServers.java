package com.upgradectl.activities.platform;

import com.upgradectl.activities.connect.Connections;
import com.upgradectl.activities.platform.postgres.PostgresPlatform;
import com.upgradectl.activities.platform.postgres.PostgresServer;
import com.upgradectl.activities.platform.sqlserver.SqlServerPlatform;
import com.upgradectl.activities.platform.sqlserver.SqlServerServer;
import java.time.Duration;

/** The {@link DatabaseServer} of a connection profile, by the profile's platform. */
public final class DatabaseServers {
  /** How long drop, rename, offline and freeze wait for ended sessions to disappear. */
  public static final Duration DEFAULT_SESSION_END_TIMEOUT = Duration.ofSeconds(30);

  private final Connections connections;
  private final Duration sessionEndTimeout;

  public DatabaseServers(Connections connections) {
    this(connections, DEFAULT_SESSION_END_TIMEOUT);
  }

  public DatabaseServers(Connections connections, Duration sessionEndTimeout) {
    if (sessionEndTimeout == null || sessionEndTimeout.isNegative() || sessionEndTimeout.isZero()) {
      throw new IllegalArgumentException("sessionEndTimeout must be positive, was " + sessionEndTimeout);
    }
    this.connections = connections;
    this.sessionEndTimeout = sessionEndTimeout;
  }

  public Connections connections() {
    return connections;
  }

  /**
   * @throws io.temporal.failure.ApplicationFailure non-retryable BadInput for an unknown profile or
   *     a platform whose server operations are not supported yet
   */
  public DatabaseServer of(String profile) {
    String platform;
    try {
      platform = connections.profile(profile).platform();
    } catch (IllegalArgumentException e) {
      throw Failures.badInput(e.getMessage());
    }
    if (PostgresPlatform.NAME.equals(platform)) {
      return new PostgresServer(connections, profile, sessionEndTimeout);
    }
    if (SqlServerPlatform.NAME.equals(platform)) {
      return new SqlServerServer(connections, profile, sessionEndTimeout);
    }
    throw Failures.badInput("profile " + profile + " uses platform '" + platform
        + "', whose server operations are not supported yet");
  }
}
