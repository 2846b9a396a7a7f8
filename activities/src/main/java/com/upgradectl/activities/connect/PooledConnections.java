package com.upgradectl.activities.connect;

import com.upgradectl.activities.platform.DatabasePlatform;
import com.upgradectl.activities.platform.DatabasePlatforms;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HikariCP pools per (profile, database), opened on first use. Every connection carries the
 * application name {@value Connections#APPLICATION_NAME}; pools are small because an upgrade needs
 * only a few connections per database (the copy's parallel readers plus a few admin statements).
 */
public final class PooledConnections implements Connections, AutoCloseable {
  /** Room for the default copy parallelism (2) plus a few admin connections. */
  public static final int DEFAULT_MAX_POOL_SIZE = 6;
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
  /** HikariCP refuses shorter connection timeouts. */
  private static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(PooledConnections.class);

  private final Map<String, ConnectionProfile> profiles = new TreeMap<>();
  private final int maxPoolSize;
  private final Duration connectionTimeout;
  private final ConcurrentMap<PoolKey, HikariDataSource> pools = new ConcurrentHashMap<>();
  private volatile MetricsTrackerFactory poolMetrics;
  private volatile boolean closed;

  public PooledConnections(Collection<ConnectionProfile> profiles) {
    this(profiles, DEFAULT_MAX_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
  }

  /**
   * Pools opened from now on report their connections (active, idle, pending, timeouts, acquire and
   * usage times) to the registry as HikariCP's {@code hikaricp_*} meters, tagged with the pool's name;
   * a pool's meters go with it when it is closed.
   */
  public PooledConnections reportingTo(MeterRegistry registry) {
    this.poolMetrics = new MicrometerMetricsTrackerFactory(registry);
    return this;
  }

  /**
   * @param maxPoolSize connections per (profile, database) pool: at least the copy parallelism + 2
   * @throws IllegalArgumentException naming the impossible setting or the faulty profile
   */
  public PooledConnections(Collection<ConnectionProfile> profiles, int maxPoolSize, Duration connectionTimeout) {
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
    }
    if (connectionTimeout == null || connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
      throw new IllegalArgumentException("connectionTimeout must be at least " + MIN_CONNECTION_TIMEOUT.toMillis()
          + " ms, was " + (connectionTimeout == null ? "missing" : connectionTimeout.toMillis() + " ms"));
    }
    for (ConnectionProfile profile : profiles) {
      requireComplete(profile);
      DatabasePlatforms.forName(profile.platform());
      if (this.profiles.putIfAbsent(profile.name(), profile) != null) {
        throw new IllegalArgumentException("connection profile '" + profile.name() + "' is defined twice");
      }
    }
    this.maxPoolSize = maxPoolSize;
    this.connectionTimeout = connectionTimeout;
  }

  @Override
  public ConnectionProfile profile(String name) {
    ConnectionProfile profile = profiles.get(name);
    if (profile == null) {
      throw new IllegalArgumentException("unknown connection profile '" + name + "' (known profiles: "
          + (profiles.isEmpty() ? "none" : String.join(", ", profiles.keySet())) + ")");
    }
    return profile;
  }

  @Override
  public DataSource dataSource(String profile, String database) {
    if (database == null || database.isEmpty()) {
      throw new IllegalArgumentException("database name is missing");
    }
    return pool(new PoolKey(profile, database));
  }

  @Override
  public DataSource serverDataSource(String profile) {
    return pool(new PoolKey(profile, null));
  }

  @Override
  public void evict(String profile, String database) {
    HikariDataSource pool = pools.remove(new PoolKey(profile, database));
    if (pool != null) {
      log.info("closing pool {} so that our own connections do not hold database {}", pool.getPoolName(), database);
      pool.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    pools.keySet().forEach(key -> {
      HikariDataSource pool = pools.remove(key);
      if (pool != null) {
        pool.close();
      }
    });
  }

  @Override
  public String toString() {
    return "PooledConnections[profiles=" + profiles.values() + ", maxPoolSize=" + maxPoolSize
        + ", connectionTimeoutMs=" + connectionTimeout.toMillis() + ", openPools="
        + pools.values().stream().map(HikariDataSource::getPoolName).sorted().toList() + "]";
  }

  private HikariDataSource pool(PoolKey key) {
    ConnectionProfile profile = profile(key.profile());
    if (closed) {
      throw new IllegalStateException("connections are closed; no pool for " + key.poolName());
    }
    return pools.computeIfAbsent(key, k -> open(k, profile));
  }

  private HikariDataSource open(PoolKey key, ConnectionProfile profile) {
    DatabasePlatform platform = DatabasePlatforms.forName(profile.platform());
    String url = key.database() == null ? profile.serverUrl() : platform.databaseUrl(profile.serverUrl(), key.database());
    HikariConfig config = new HikariConfig();
    config.setPoolName(key.poolName());
    config.setJdbcUrl(url);
    config.setUsername(profile.user());
    config.setPassword(profile.password());
    config.setMaximumPoolSize(maxPoolSize);
    // Idle connections would block renames and drops; open them only while work needs them.
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    // Connect on first use, so that an unreachable database fails in the operation that needs it.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty(platform.applicationNameProperty(), APPLICATION_NAME);
    if (poolMetrics != null) {
      config.setMetricsTrackerFactory(poolMetrics);
    }
    log.info("opening pool {} for {} as {}", key.poolName(), JdbcUrls.masked(url), profile.user());
    return new HikariDataSource(config);
  }

  private static void requireComplete(ConnectionProfile profile) {
    if (profile.name() == null || profile.name().isBlank()) {
      throw new IllegalArgumentException("a connection profile has no name: " + profile);
    }
    if (profile.serverUrl() == null || profile.serverUrl().isBlank()) {
      throw new IllegalArgumentException("connection profile '" + profile.name() + "' has no server URL");
    }
    if (profile.user() == null || profile.user().isBlank()) {
      throw new IllegalArgumentException("connection profile '" + profile.name() + "' has no user");
    }
  }

  /** {@code database == null} is the pool on the server URL itself. */
  private record PoolKey(String profile, String database) {
    String poolName() {
      return database == null ? "upgradectl-" + profile : "upgradectl-" + profile + "-" + database;
    }
  }
}
