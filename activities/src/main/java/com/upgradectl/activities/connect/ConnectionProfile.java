package com.upgradectl.activities.connect;

/**
 * A named way to reach one database server, resolved by the worker from its own configuration.
 * Workflow inputs carry only the name.
 *
 * @param platform "postgresql" or "sqlserver"
 * @param serverUrl JDBC URL of the server's maintenance database (PostgreSQL: .../postgres; SQL
 *     Server: ...;databaseName=master); the platform derives per-database URLs from it
 * @param backupDirectory where the server writes safety copies, as the SERVER sees it (SQL Server:
 *     a directory the service account can write, e.g. /var/opt/mssql/backup); null when none is
 *     configured, and then no safety copy can be taken
 */
public record ConnectionProfile(String name, String platform, String serverUrl, String user, String password,
    String backupDirectory) {

  /** A profile without a backup directory. */
  public ConnectionProfile(String name, String platform, String serverUrl, String user, String password) {
    this(name, platform, serverUrl, user, password, null);
  }

  @Override
  public String toString() {
    return "ConnectionProfile[name=" + name + ", platform=" + platform + ", serverUrl=" + JdbcUrls.masked(serverUrl)
        + ", user=" + user + ", password=" + (password == null || password.isEmpty() ? "<none>" : "****")
        + (backupDirectory == null ? "" : ", backupDirectory=" + backupDirectory) + "]";
  }
}
