package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.Connections;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Connections for a server class whose statements go to a {@link RecordingExecutor}: every
 * connection is an inert handle (open, autocommit as last set) that sends nothing anywhere, so the
 * public operations run their whole flow and the executor records what they would send.
 */
final class StatementOnlyConnections implements Connections {
  private final ConnectionProfile profile;

  StatementOnlyConnections(ConnectionProfile profile) {
    this.profile = profile;
  }

  @Override
  public ConnectionProfile profile(String name) {
    if (!profile.name().equals(name)) {
      throw new IllegalArgumentException("unknown profile " + name);
    }
    return profile;
  }

  @Override
  public DataSource dataSource(String profile, String database) {
    return dataSource();
  }

  @Override
  public DataSource serverDataSource(String profile) {
    return dataSource();
  }

  @Override
  public void evict(String profile, String database) {}

  private static DataSource dataSource() {
    return (DataSource) Proxy.newProxyInstance(StatementOnlyConnections.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            return connection();
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static Connection connection() {
    boolean[] autoCommit = {true};
    return (Connection) Proxy.newProxyInstance(StatementOnlyConnections.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getAutoCommit" -> autoCommit[0];
          case "setAutoCommit" -> {
            autoCommit[0] = (Boolean) args[0];
            yield null;
          }
          case "close", "commit", "rollback", "setReadOnly" -> null;
          case "isClosed" -> false;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "statement-only connection";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
