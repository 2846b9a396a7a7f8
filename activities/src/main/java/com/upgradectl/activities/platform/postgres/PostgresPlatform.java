package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.connect.JdbcUrls;
import com.upgradectl.activities.platform.DatabasePlatform;
import com.upgradectl.activities.platform.Identifiers;
import com.upgradectl.workflows.common.DatabaseNames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** PostgreSQL through pgjdbc. */
public final class PostgresPlatform implements DatabasePlatform {
  public static final PostgresPlatform INSTANCE = new PostgresPlatform();
  public static final String NAME = "postgresql";

  /** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1); we refuse them instead. */
  static final int MAX_NAME_BYTES = 63;

  private static final String URL_PREFIX = "jdbc:postgresql:";
  private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES);

  private PostgresPlatform() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Identifiers identifiers() {
    return PostgresIdentifiers.INSTANCE;
  }

  @Override
  public String literal(String value) {
    return RENDERER.renderInlined(DSL.inline(value));
  }

  /**
   * Replaces the database of a pgjdbc URL ({@code jdbc:postgresql://hosts/db?props} or
   * {@code jdbc:postgresql:db}), keeping hosts and properties.
   */
  @Override
  public String databaseUrl(String serverUrl, String database) {
    if (serverUrl == null || !serverUrl.startsWith(URL_PREFIX)) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (expected " + URL_PREFIX + "...): "
          + JdbcUrls.masked(serverUrl));
    }
    String rest = serverUrl.substring(URL_PREFIX.length());
    int queryStart = rest.indexOf('?');
    String query = queryStart < 0 ? "" : rest.substring(queryStart);
    String location = queryStart < 0 ? rest : rest.substring(0, queryStart);
    String hosts = "";
    if (location.startsWith("//")) {
      int pathStart = location.indexOf('/', 2);
      hosts = (pathStart < 0 ? location : location.substring(0, pathStart)) + "/";
    }
    return URL_PREFIX + hosts + URLEncoder.encode(database, StandardCharsets.UTF_8) + query;
  }

  @Override
  public String applicationNameProperty() {
    return "ApplicationName";
  }

  @Override
  public String validateDatabaseName(String role, String name) {
    DatabaseNames.requireValid(role, name);
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(role + " name '" + name + "' is " + bytes
          + " bytes long in UTF-8; PostgreSQL allows at most " + MAX_NAME_BYTES);
    }
    return name;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
