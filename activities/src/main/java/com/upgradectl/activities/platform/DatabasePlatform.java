package com.upgradectl.activities.platform;

/**
 * What differs between database products before any connection is open: quoting, literals,
 * per-database JDBC URLs, the rule for database names. One instance per platform name
 * ("postgresql", "sqlserver"); server-level operations live in {@link DatabaseServer}.
 */
public interface DatabasePlatform {

  /** The platform name profiles and packages use ("postgresql"). */
  String name();

  /** The one quoting function of this dialect. */
  Identifiers identifiers();

  /** A string value as a SQL literal, for the few statements that take no bind parameters (COMMENT ON ...). */
  String literal(String value);

  /**
   * The JDBC URL of one database on the server the profile's URL points at.
   *
   * @param serverUrl the profile's URL of the server's maintenance database
   */
  String databaseUrl(String serverUrl, String database);

  /** The driver property that names the client application, so our sessions can be told from others. */
  String applicationNameProperty();

  /**
   * Checks a database name against the common rule ({@code DatabaseNames}) and this platform's own
   * limits.
   *
   * @param role what the name is for, used in the message ("pilot database")
   * @return the name
   * @throws IllegalArgumentException naming the problem
   */
  String validateDatabaseName(String role, String name);
}
