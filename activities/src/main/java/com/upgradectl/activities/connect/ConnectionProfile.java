package com.upgradectl.activities.connect;

/**
 * A named way to reach one database server, resolved by the worker from its own configuration.
 * Workflow inputs carry only the name.
 *
 * @param platform "postgresql" or "sqlserver"
 * @param serverUrl JDBC URL of the server's maintenance database (PostgreSQL: .../postgres; SQL
 *     Server: ...;databaseName=master); the platform derives per-database URLs from it
 */
public record ConnectionProfile(String name, String platform, String serverUrl, String user, String password) {
  @Override
  public String toString() {
    return "ConnectionProfile[name=" + name + ", platform=" + platform + ", serverUrl=" + JdbcUrls.masked(serverUrl)
        + ", user=" + user + ", password=" + (password == null || password.isEmpty() ? "<none>" : "****") + "]";
  }
}
