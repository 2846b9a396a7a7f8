import com.upgradectl.examples.SampleProduction;
import com.upgradectl.examples.SampleSqlServerProduction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the sample production database (the service desk, version 1, with generated data rows)
 * on a real server, with the same generator the dev worker and the demo use. Run by compose.yaml
 * (Dockerfile target {@code seed}) in Java's source-file mode, with the worker's jar on the class path:
 *
 * <pre>
 *   java -cp upgradectl-worker.jar SeedSampleProduction.java
 * </pre>
 *
 * Environment: SEED_PLATFORM (postgresql | sqlserver), SEED_SERVER_URL (JDBC URL of the server's
 * maintenance database), SEED_USER, SEED_PASSWORD, SEED_DATABASE (default servicedesk), SEED_ROWS
 * (default 20000). A database of that name that already exists is left alone (exit 0), so the
 * one-shot can run on every {@code up}.
 */
public final class SeedSampleProduction {
  public static void main(String[] args) throws Exception {
    String platform = env("SEED_PLATFORM", null);
    String serverUrl = env("SEED_SERVER_URL", null);
    String user = env("SEED_USER", null);
    String password = env("SEED_PASSWORD", "");
    String database = env("SEED_DATABASE", "servicedesk");
    long rows = Long.parseLong(env("SEED_ROWS", "20000"));
    if (!database.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("SEED_DATABASE '" + database + "': letters, digits and '_' only");
    }
    boolean sqlServer = switch (platform) {
      case "postgresql" -> false;
      case "sqlserver" -> true;
      default -> throw new IllegalArgumentException("SEED_PLATFORM '" + platform + "': postgresql or sqlserver");
    };
    try (Connection server = connectWithRetry(serverUrl, user, password)) {
      if (exists(server, sqlServer, database)) {
        System.out.println("database " + database + " exists already: left as it is");
        return;
      }
      try (Statement statement = server.createStatement()) {
        statement.execute(sqlServer ? "CREATE DATABASE [" + database + "]" : "CREATE DATABASE \"" + database + "\"");
      }
    }
    String databaseUrl = sqlServer
        ? serverUrl.replaceFirst("(?i)databaseName=[^;]*", "databaseName=" + database)
        : serverUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    try (Connection connection = DriverManager.getConnection(databaseUrl, user, password)) {
      if (sqlServer) {
        SampleSqlServerProduction.create(connection, rows);
      } else {
        SampleProduction.create(connection, rows);
      }
    }
    System.out.println("created the sample production " + database + " (service desk version 1, " + rows
        + " data rows) on " + serverUrl.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=****"));
  }

  private static boolean exists(Connection server, boolean sqlServer, String database) throws SQLException {
    String sql = sqlServer ? "SELECT 1 FROM sys.databases WHERE name = ?" : "SELECT 1 FROM pg_database WHERE datname = ?";
    try (PreparedStatement statement = server.prepareStatement(sql)) {
      statement.setString(1, database);
      try (ResultSet found = statement.executeQuery()) {
        return found.next();
      }
    }
  }

  /** The server may still be starting (SQL Server takes a while after its port opens). */
  private static Connection connectWithRetry(String url, String user, String password) throws Exception {
    SQLException last = null;
    for (int attempt = 1; attempt <= 30; attempt++) {
      try {
        return DriverManager.getConnection(url, user, password);
      } catch (SQLException e) {
        last = e;
        System.out.println("waiting for the server (" + e.getMessage() + ")");
        Thread.sleep(2_000);
      }
    }
    throw last;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      if (fallback == null) {
        throw new IllegalArgumentException(name + " is not set");
      }
      return fallback;
    }
    return value;
  }
}
