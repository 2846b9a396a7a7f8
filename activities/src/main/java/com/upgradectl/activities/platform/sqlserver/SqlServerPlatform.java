package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.connect.JdbcUrls;
import com.upgradectl.activities.platform.DatabasePlatform;
import com.upgradectl.activities.platform.Identifiers;
import com.upgradectl.workflows.common.DatabaseNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Microsoft SQL Server through mssql-jdbc. */
public final class SqlServerPlatform implements DatabasePlatform {
  public static final SqlServerPlatform INSTANCE = new SqlServerPlatform();
  public static final String NAME = "sqlserver";

  private static final String URL_PREFIX = "jdbc:sqlserver://";
  /** mssql-jdbc takes either name for the database; the last one in the URL wins, so both are removed. */
  private static final Set<String> DATABASE_PROPERTIES = Set.of("databasename", "database");
  /** The system databases (and the hidden resource database): an upgrade never creates, renames or drops them. */
  private static final Set<String> SYSTEM_DATABASES = Set.of("master", "model", "msdb", "tempdb",
      "mssqlsystemresource");

  private SqlServerPlatform() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Identifiers identifiers() {
    return SqlServerIdentifiers.INSTANCE;
  }

  /** A Unicode literal, {@code N'...'} with {@code '} doubled; the only literal form the platform writes. */
  @Override
  public String literal(String value) {
    if (value == null) {
      throw new IllegalArgumentException("no value for a literal");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a literal cannot hold a NUL character");
    }
    return "N'" + value.replace("'", "''") + "'";
  }

  /**
   * The profile's URL ({@code jdbc:sqlserver://host[\instance][:port][;property=value...]}) with its
   * database replaced: any {@code databaseName}/{@code database} property is removed and
   * {@code databaseName={name}} appended, braced so that no character of the name can end the value.
   */
  @Override
  public String databaseUrl(String serverUrl, String database) {
    if (serverUrl == null || !serverUrl.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())) {
      throw new IllegalArgumentException("not a SQL Server JDBC URL (expected " + URL_PREFIX + "...): "
          + JdbcUrls.masked(serverUrl));
    }
    if (database == null || database.isEmpty()) {
      throw new IllegalArgumentException("no database name for the JDBC URL");
    }
    List<String> parts = splitProperties(serverUrl);
    StringBuilder url = new StringBuilder(parts.get(0));
    for (String property : parts.subList(1, parts.size())) {
      if (property.isBlank() || DATABASE_PROPERTIES.contains(propertyName(property))) {
        continue;
      }
      url.append(';').append(property);
    }
    return url.append(";databaseName={").append(database.replace("}", "}}")).append('}').toString();
  }

  @Override
  public String applicationNameProperty() {
    return "applicationName";
  }

  /**
   * The common rule (which already caps names at SQL Server's 128 characters of {@code sysname}),
   * and never a system database.
   */
  @Override
  public String validateDatabaseName(String role, String name) {
    DatabaseNames.requireValid(role, name);
    if (SYSTEM_DATABASES.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(role + " name '" + name + "' is a SQL Server system database");
    }
    return name;
  }

  /** Splits at the semicolons that separate properties, not those inside a {braced} value. */
  private static List<String> splitProperties(String url) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean braced = false;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (braced && c == '}' && i + 1 < url.length() && url.charAt(i + 1) == '}') {
        part.append("}}");
        i++;
        continue;
      }
      if (c == '{' && part.length() > 0 && part.charAt(part.length() - 1) == '=') {
        braced = true;
      } else if (c == '}') {
        braced = false;
      } else if (c == ';' && !braced) {
        parts.add(part.toString());
        part.setLength(0);
        continue;
      }
      part.append(c);
    }
    parts.add(part.toString());
    return parts;
  }

  private static String propertyName(String property) {
    int equals = property.indexOf('=');
    return (equals < 0 ? property : property.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
