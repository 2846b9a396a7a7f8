package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.connect.Connections;
import com.upgradectl.activities.platform.AbstractDatabaseServer;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.activities.platform.SessionInfo;
import com.upgradectl.pkg.schema.ColumnShape;
import com.upgradectl.pkg.schema.TableShape;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.DatabaseAttributes.Grant;
import com.upgradectl.workflows.production.DatabaseAttributes.Setting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Server-level operations on PostgreSQL. Freeze follows what holds on PostgreSQL (see
 * docs/ARCHITECTURE.md): {@code CONNECTION LIMIT 0} refuses the application's new sessions (superusers
 * are exempt, so our reads go on), its present sessions are ended, and write counters prove that no
 * write slipped through. {@code default_transaction_read_only} is NOT used: a session can escape it.
 */
public final class PostgresServer extends AbstractDatabaseServer {
  /** The settings key of the captured {@code datconnlimit}. */
  public static final String CONNECTION_LIMIT = "connectionLimit";

  private static final String OBJECT_IN_USE = "55006";
  private static final String DEFAULT_SCHEMA = "public";

  private static final String FROM_TABLES = """
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      """;
  /** User tables: no catalogs, no temporary schemas, nothing an extension owns, partitions through their parent. */
  private static final String ONLY_USER_TABLES = """
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname <> 'information_schema' AND left(n.nspname, 3) <> 'pg_'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      """;

  private static final PostgresIdentifiers ids = PostgresIdentifiers.INSTANCE;

  public PostgresServer(Connections connections, String profile, Duration sessionEndTimeout) {
    super(connections, profile, PostgresPlatform.INSTANCE, sessionEndTimeout);
  }

  @Override
  protected boolean doDatabaseExists(Connection server, String database) throws SQLException {
    return queryOne(server, "SELECT 1 FROM pg_database WHERE datname = ?", database).isPresent();
  }

  @Override
  protected void doCreateDatabase(Connection server, String database) throws SQLException {
    execute(server, "CREATE DATABASE " + ids.quote(database));
  }

  @Override
  protected void doDropDatabase(Connection server, String database) throws SQLException {
    execute(server, "DROP DATABASE IF EXISTS " + ids.quote(database));
  }

  @Override
  protected void doRenameDatabase(Connection server, String from, String to) throws SQLException {
    execute(server, "ALTER DATABASE " + ids.quote(from) + " RENAME TO " + ids.quote(to));
  }

  @Override
  protected void doAllowConnections(Connection server, String database, boolean allow) throws SQLException {
    execute(server, "ALTER DATABASE " + ids.quote(database) + " ALLOW_CONNECTIONS " + allow);
  }

  @Override
  protected boolean doAcceptsConnections(Connection server, String database) throws SQLException {
    return queryOne(server, "SELECT datallowconn::text FROM pg_database WHERE datname = ?", database)
        .map(Boolean::parseBoolean).orElse(false);
  }

  @Override
  protected Optional<String> doReadLabel(Connection server, String database) throws SQLException {
    return queryOne(server, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?",
        database);
  }

  @Override
  protected void doWriteLabel(Connection server, String database, String label) throws SQLException {
    execute(server, "COMMENT ON DATABASE " + ids.quote(database) + " IS " + platform().literal(label));
  }

  /**
   * Only superusers keep connecting once the limit is 0 and may end any role's sessions. Without
   * one, freezing would lock us out too.
   */
  @Override
  protected Optional<String> doFreezeRefusal(Connection server) throws SQLException {
    try (Statement s = server.createStatement();
        ResultSet rows = s.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
      rows.next();
      if (rows.getBoolean(2)) {
        return Optional.empty();
      }
      return Optional.of("profile " + profile() + " connects as " + rows.getString(1)
          + ", which is not a superuser; freezing on PostgreSQL needs a superuser, because only superusers keep"
          + " connecting once the connection limit is 0 (servers without one, such as managed services, are not"
          + " supported yet)");
    }
  }

  @Override
  protected Map<String, String> doCaptureSettings(Connection server, String database) throws SQLException {
    String limit = queryOne(server, "SELECT datconnlimit::text FROM pg_database WHERE datname = ?", database)
        .orElseThrow(() -> new SQLException("database " + database + " vanished", "3D000"));
    return Map.of(CONNECTION_LIMIT, limit);
  }

  @Override
  protected void doRefuseNewSessions(Connection server, String database) throws SQLException {
    setConnectionLimit(server, database, 0);
  }

  @Override
  protected void doRestoreSettings(Connection server, String database, Map<String, String> settings)
      throws SQLException {
    String limit = settings.get(CONNECTION_LIMIT);
    int value;
    try {
      value = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw Failures.badInput("captured settings of database \"" + database + "\" have no valid " + CONNECTION_LIMIT
          + " (" + settings + "); cannot restore them");
    }
    if (value < -1) {
      throw Failures.badInput("captured " + CONNECTION_LIMIT + " of database \"" + database + "\" is " + value
          + "; PostgreSQL limits are -1 (none) or more");
    }
    setConnectionLimit(server, database, value);
  }

  @Override
  protected List<SessionInfo> doSessions(Connection server, String database) throws SQLException {
    String sql = """
        SELECT a.pid, a.usename, COALESCE(r.rolsuper, false), a.application_name, host(a.client_addr), a.state,
               a.query_start, EXTRACT(EPOCH FROM clock_timestamp() - a.xact_start)::float8,
               a.backend_type = 'client backend',
               COALESCE(a.application_name = ? AND a.usename = current_user, false)
        FROM pg_stat_activity a
        LEFT JOIN pg_roles r ON r.oid = a.usesysid
        WHERE a.datname = ? AND a.pid <> pg_backend_pid()
        ORDER BY a.pid
        """;
    List<SessionInfo> sessions = new ArrayList<>();
    try (PreparedStatement s = server.prepareStatement(sql)) {
      s.setString(1, Connections.APPLICATION_NAME);
      s.setString(2, database);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          OffsetDateTime queryStart = rows.getObject(7, OffsetDateTime.class);
          double transactionSeconds = rows.getDouble(8);
          Duration transactionAge = rows.wasNull() ? null : Duration.ofMillis(Math.round(transactionSeconds * 1000));
          sessions.add(new SessionInfo(rows.getInt(1), rows.getString(2), rows.getBoolean(3), rows.getString(4),
              rows.getString(5), rows.getString(6), queryStart == null ? null : queryStart.toInstant(),
              transactionAge, rows.getBoolean(9), rows.getBoolean(10)));
        }
      }
    }
    return sessions;
  }

  @Override
  protected void doEndSession(Connection server, int pid) throws SQLException {
    try (PreparedStatement s = server.prepareStatement("SELECT pg_terminate_backend(?)")) {
      s.setInt(1, pid);
      s.executeQuery().close();
    }
  }

  @Override
  protected boolean isInUse(SQLException e) {
    return OBJECT_IN_USE.equals(e.getSQLState());
  }

  /** Stats of ended sessions are flushed as they exit, so reading after the freeze sees every write. */
  @Override
  protected Map<String, Long> doWriteCounters(Connection database) throws SQLException {
    String sql = """
        SELECT schemaname, relname, n_tup_ins + n_tup_upd + n_tup_del
        FROM pg_stat_user_tables
        WHERE left(schemaname, 3) <> 'pg_'
        """;
    Map<String, Long> counters = new LinkedHashMap<>();
    try (Statement s = database.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      while (rows.next()) {
        counters.put(rows.getString(1) + "." + rows.getString(2), rows.getLong(3));
      }
    }
    return counters;
  }

  @Override
  protected List<TableShape> doTableShapes(Connection database) throws SQLException {
    String sql = """
        SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
               (a.atthasdef AND a.attgenerated = '') OR a.attidentity <> '', a.attgenerated <> ''
        """ + FROM_TABLES
        + "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped\n"
        + ONLY_USER_TABLES + "ORDER BY n.nspname, c.relname, a.attnum";
    Map<String, List<ColumnShape>> tables = new LinkedHashMap<>();
    try (Statement s = database.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      while (rows.next()) {
        List<ColumnShape> columns = tables.computeIfAbsent(tableName(rows.getString(1), rows.getString(2)),
            t -> new ArrayList<>());
        if (rows.getString(3) != null) {
          columns.add(new ColumnShape(rows.getString(3), rows.getString(4), rows.getBoolean(5), rows.getBoolean(6),
              rows.getBoolean(7)));
        }
      }
    }
    return tables.entrySet().stream().map(e -> new TableShape(e.getKey(), List.copyOf(e.getValue()))).toList();
  }

  /** The planner's estimate, or the live-tuple count where the table was never analysed. */
  @Override
  protected Map<String, Long> doEstimatedRows(Connection database) throws SQLException {
    String sql = "SELECT n.nspname, c.relname, GREATEST(c.reltuples::bigint, COALESCE(s.n_live_tup, 0)) "
        + FROM_TABLES + "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid\n" + ONLY_USER_TABLES;
    Map<String, Long> rowsByTable = new LinkedHashMap<>();
    try (Statement s = database.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      while (rows.next()) {
        rowsByTable.put(tableName(rows.getString(1), rows.getString(2)), rows.getLong(3));
      }
    }
    return rowsByTable;
  }

  /** pgjdbc sends a multi-statement text as its statements, in order, in the caller's transaction. */
  @Override
  protected void doRunScript(Connection database, String script) throws SQLException {
    execute(database, script);
  }

  @Override
  protected void doCopyDatabase(Connection server, String source, String target) throws SQLException {
    execute(server, "CREATE DATABASE " + ids.quote(target) + " TEMPLATE " + ids.quote(source));
  }

  @Override
  protected DatabaseAttributes doCaptureAttributes(Connection server, String database) throws SQLException {
    String owner;
    String comment;
    boolean defaultPrivileges;
    try (PreparedStatement s = server.prepareStatement("SELECT pg_get_userbyid(datdba),"
        + " shobj_description(oid, 'pg_database'), datacl IS NULL FROM pg_database WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("database " + database + " vanished", "3D000");
        }
        owner = rows.getString(1);
        comment = rows.getString(2);
        defaultPrivileges = rows.getBoolean(3);
      }
    }
    return new DatabaseAttributes(database, owner, comment, defaultPrivileges, grants(server, database),
        settings(server, database));
  }

  /**
   * Owner, comment, privileges (revoked from everyone who has any, then granted as captured), and
   * settings (reset, then each one set in this transaction and saved FROM CURRENT, so that list values
   * such as search_path keep their form and the value is bound, never spliced).
   */
  @Override
  protected void doApplyAttributes(Connection server, String database, DatabaseAttributes attributes)
      throws SQLException {
    String db = ids.quote(database);
    execute(server, "ALTER DATABASE " + db + " OWNER TO " + ids.quote(attributes.owner()));
    execute(server, "COMMENT ON DATABASE " + db + " IS "
        + (attributes.comment() == null ? "NULL" : platform().literal(attributes.comment())));
    List<Grant> present = grants(server, database);
    if (!attributes.defaultPrivileges() || !present.isEmpty()) {
      TreeSet<String> grantees = new TreeSet<>();
      present.forEach(g -> grantees.add(grantee(g.grantee())));
      grantees.add("PUBLIC");
      grantees.add(ids.quote(attributes.owner()));
      for (String grantee : grantees) {
        execute(server, "REVOKE ALL ON DATABASE " + db + " FROM " + grantee + " CASCADE");
      }
      if (attributes.defaultPrivileges()) {
        // What a database that never had a GRANT has: everything for its owner, CONNECT and TEMPORARY for all.
        execute(server, "GRANT ALL ON DATABASE " + db + " TO " + ids.quote(attributes.owner()));
        execute(server, "GRANT CONNECT, TEMPORARY ON DATABASE " + db + " TO PUBLIC");
      }
      for (Grant grant : attributes.grants()) {
        execute(server, "GRANT " + privilege(grant.privilege()) + " ON DATABASE " + db + " TO "
            + grantee(grant.grantee()) + (grant.grantable() ? " WITH GRANT OPTION" : ""));
      }
    }
    execute(server, "ALTER DATABASE " + db + " RESET ALL");
    for (String role : new TreeSet<>(settings(server, database).stream().map(Setting::role)
        .filter(r -> r != null).toList())) {
      execute(server, "ALTER ROLE " + ids.quote(role) + " IN DATABASE " + db + " RESET ALL");
    }
    for (Setting setting : attributes.settings()) {
      try (PreparedStatement s = server.prepareStatement("SELECT set_config(?, ?, true)")) {
        s.setString(1, setting.name());
        s.setString(2, setting.value());
        s.executeQuery().close();
      }
      String target = setting.role() == null ? "DATABASE " + db
          : "ROLE " + ids.quote(setting.role()) + " IN DATABASE " + db;
      execute(server, "ALTER " + target + " SET " + ids.quote(setting.name()) + " FROM CURRENT");
    }
  }

  @Override
  protected void doDropTable(Connection database, String table) throws SQLException {
    execute(database, "DROP TABLE IF EXISTS " + ids.quote(table));
  }

  /** In the ACL's own order, so that granting them again in this order gives the same ACL. */
  private static List<Grant> grants(Connection server, String database) throws SQLException {
    String sql = """
        SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END, a.privilege_type,
               a.is_grantable
        FROM pg_database d CROSS JOIN LATERAL aclexplode(d.datacl) WITH ORDINALITY AS a
        WHERE d.datname = ?
        ORDER BY a.ordinality
        """;
    List<Grant> grants = new ArrayList<>();
    try (PreparedStatement s = server.prepareStatement(sql)) {
      s.setString(1, database);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          grants.add(new Grant(rows.getString(1), rows.getString(2), rows.getBoolean(3)));
        }
      }
    }
    return grants;
  }

  private static List<Setting> settings(Connection server, String database) throws SQLException {
    String sql = """
        SELECT CASE WHEN s.setrole = 0 THEN NULL ELSE pg_get_userbyid(s.setrole) END, c.setting
        FROM pg_db_role_setting s
        JOIN pg_database d ON d.oid = s.setdatabase
        CROSS JOIN LATERAL unnest(s.setconfig) WITH ORDINALITY AS c(setting, position)
        WHERE d.datname = ?
        ORDER BY 1 NULLS FIRST, c.position
        """;
    List<Setting> settings = new ArrayList<>();
    try (PreparedStatement s = server.prepareStatement(sql)) {
      s.setString(1, database);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          String setting = rows.getString(2);
          int equals = setting.indexOf('=');
          settings.add(new Setting(rows.getString(1), setting.substring(0, equals), setting.substring(equals + 1)));
        }
      }
    }
    return settings;
  }

  private static String grantee(String role) {
    return role == null ? "PUBLIC" : ids.quote(role);
  }

  /** Privileges come from the catalog as keywords (CONNECT, CREATE, TEMPORARY); anything else is refused. */
  private static String privilege(String privilege) {
    if (!privilege.matches("[A-Z]+")) {
      throw new IllegalArgumentException("not a database privilege: " + privilege);
    }
    return privilege;
  }

  private static void setConnectionLimit(Connection server, String database, int limit) throws SQLException {
    execute(server, "ALTER DATABASE " + ids.quote(database) + " CONNECTION LIMIT " + limit);
  }

  private static String tableName(String schema, String table) {
    return DEFAULT_SCHEMA.equals(schema) ? table : schema + "." + table;
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Optional<String> queryOne(Connection c, String sql, String parameter) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
      }
    }
  }
}
