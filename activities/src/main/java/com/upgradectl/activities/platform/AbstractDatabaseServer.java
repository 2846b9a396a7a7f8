package com.upgradectl.activities.platform;

import com.upgradectl.activities.connect.Connections;
import com.upgradectl.pkg.schema.TableShape;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.pilot.ProductionSettings;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import com.upgradectl.workflows.pilot.WriteCounters;
import com.upgradectl.workflows.production.DatabaseAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the flow of every server-level operation (existence checks, idempotency, evicting our pools,
 * ending sessions, retrying while the database is in use) and translates {@link SQLException} in
 * one place. A dialect implements the small {@code doX} hooks, each one statement or query.
 */
public abstract class AbstractDatabaseServer implements DatabaseServer {
  private static final Logger log = LoggerFactory.getLogger(AbstractDatabaseServer.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  /** A session may connect between ending the others and the statement; try again a few times. */
  private static final int IN_USE_ATTEMPTS = 5;
  /** SQLState classes that may pass: connection, transaction rollback, resources, object state, operator, system. */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "55", "57", "58");

  protected final Connections connections;
  private final String profile;
  private final DatabasePlatform platform;
  private final Duration sessionEndTimeout;

  protected AbstractDatabaseServer(Connections connections, String profile, DatabasePlatform platform,
      Duration sessionEndTimeout) {
    this.connections = connections;
    this.profile = profile;
    this.platform = platform;
    this.sessionEndTimeout = sessionEndTimeout;
  }

  // ---- the hooks: one statement or query each, on a connection the base provides

  protected abstract boolean doDatabaseExists(Connection server, String database) throws SQLException;

  protected abstract void doCreateDatabase(Connection server, String database) throws SQLException;

  protected abstract void doDropDatabase(Connection server, String database) throws SQLException;

  protected abstract void doRenameDatabase(Connection server, String from, String to) throws SQLException;

  protected abstract void doAllowConnections(Connection server, String database, boolean allow) throws SQLException;

  protected abstract boolean doAcceptsConnections(Connection server, String database) throws SQLException;

  protected abstract Optional<String> doReadLabel(Connection server, String database) throws SQLException;

  protected abstract void doWriteLabel(Connection server, String database, String label) throws SQLException;

  /** Why the connecting user cannot freeze, or empty. */
  protected abstract Optional<String> doFreezeRefusal(Connection server) throws SQLException;

  protected abstract Map<String, String> doCaptureSettings(Connection server, String database) throws SQLException;

  /** Makes the server refuse the application's new sessions on the database. */
  protected abstract void doRefuseNewSessions(Connection server, String database) throws SQLException;

  protected abstract void doRestoreSettings(Connection server, String database, Map<String, String> settings)
      throws SQLException;

  protected abstract List<SessionInfo> doSessions(Connection server, String database) throws SQLException;

  protected abstract void doEndSession(Connection server, int pid) throws SQLException;

  /** Whether the error says other sessions still use the database. */
  protected abstract boolean isInUse(SQLException e);

  /**
   * Whether an error the SQLState does not mark as transient may pass all the same (SQL Server
   * reports every server error as S0001; its error number says whether it was a deadlock).
   */
  protected boolean isTransientError(SQLException e) {
    return false;
  }

  protected abstract Map<String, Long> doWriteCounters(Connection database) throws SQLException;

  protected abstract List<TableShape> doTableShapes(Connection database) throws SQLException;

  protected abstract Map<String, Long> doEstimatedRows(Connection database) throws SQLException;

  protected abstract String doStartRecordingChanges(Connection database, List<String> tables) throws SQLException;

  protected abstract boolean doRecordsChanges(Connection database, List<String> tables) throws SQLException;

  protected abstract void doStopRecordingChanges(Connection database) throws SQLException;

  protected abstract List<SwitchBackReport.TableChanges> doChangesSince(Connection database, List<String> tables,
      String since, int listLimit) throws SQLException;

  /** Runs one script file's text inside the caller's transaction. */
  protected abstract void doRunScript(Connection database, String script) throws SQLException;

  /** Creates {@code target} with {@code source} as its template; nobody else is connected to {@code source}. */
  protected abstract void doCopyDatabase(Connection server, String source, String target) throws SQLException;

  protected abstract DatabaseAttributes doCaptureAttributes(Connection server, String database) throws SQLException;

  /** Runs in one transaction the base commits. */
  protected abstract void doApplyAttributes(Connection server, String database, DatabaseAttributes attributes)
      throws SQLException;

  protected abstract void doDropTable(Connection database, String table) throws SQLException;

  protected abstract long doSizeBytes(Connection server, String database) throws SQLException;

  // ---- the flow

  @Override
  public final String profile() {
    return profile;
  }

  @Override
  public final DatabasePlatform platform() {
    return platform;
  }

  @Override
  public final String validateName(String role, String name) {
    return platform.validateDatabaseName(role, name);
  }

  @Override
  public final boolean databaseExists(String database) {
    return onServer("look up", database, c -> doDatabaseExists(c, database));
  }

  @Override
  public final void createDatabase(String database) {
    validateName("new database", database);
    onServer("create", database, c -> {
      doCreateDatabase(c, database);
      return null;
    });
    log.info("created database {} on profile {}", database, profile);
  }

  @Override
  public final void runScripts(String database, List<Path> scripts) {
    onDatabase("run scripts in", database, c -> {
      c.setAutoCommit(false);
      try {
        for (Path script : scripts) {
          String text = read(script);
          try {
            doRunScript(c, text);
          } catch (SQLException e) {
            throw translate("script " + script + " failed in database \"" + database + "\" on profile " + profile,
                e, FailureTypes.BAD_INPUT);
          }
        }
        c.commit();
      } finally {
        // After a commit this is a no-op; after any failure nothing of the scripts stays behind.
        rollbackQuietly(c);
      }
      return null;
    });
    log.info("ran {} script(s) in database {} on profile {}", scripts.size(), database, profile);
  }

  @Override
  public final void dropDatabase(String database) {
    if (!databaseExists(database)) {
      return;
    }
    exclusively("drop", database, c -> doDropDatabase(c, database));
    log.info("dropped database {} on profile {}", database, profile);
  }

  @Override
  public final void renameDatabase(String from, String to) {
    boolean fromExists = databaseExists(from);
    boolean toExists = databaseExists(to);
    if (!fromExists && toExists) {
      log.info("database {} already renamed to {} on profile {}", from, to, profile);
      return;
    }
    if (fromExists && toExists) {
      throw Failures.precondition("cannot rename database \"" + from + "\" to \"" + to + "\" on profile " + profile
          + ": both databases exist");
    }
    if (!fromExists) {
      throw Failures.precondition("cannot rename database \"" + from + "\" to \"" + to + "\" on profile " + profile
          + ": neither database exists");
    }
    exclusively("rename", from, c -> doRenameDatabase(c, from, to));
    // A pool kept under the new name would still hold connections to whatever had it before.
    connections.evict(profile, to);
    log.info("renamed database {} to {} on profile {}", from, to, profile);
  }

  @Override
  public final void takeOffline(String database) {
    requireExists("take offline", database);
    onServer("take offline", database, c -> {
      doAllowConnections(c, database, false);
      return null;
    });
    connections.evict(profile, database);
    endSessions(database, s -> true, "take it offline");
    log.info("database {} on profile {} is offline", database, profile);
  }

  @Override
  public final void bringOnline(String database) {
    requireExists("bring online", database);
    onServer("bring online", database, c -> {
      doAllowConnections(c, database, true);
      return null;
    });
    log.info("database {} on profile {} accepts connections again", database, profile);
  }

  @Override
  public final boolean acceptsConnections(String database) {
    requireExists("check connections to", database);
    return onServer("check connections to", database, c -> doAcceptsConnections(c, database));
  }

  @Override
  public final Optional<String> readLabel(String database) {
    return onServer("read the label of", database, c -> doReadLabel(c, database));
  }

  @Override
  public final void writeMarker(String database, DatabaseMarker marker) {
    onServer("label", database, c -> {
      doWriteLabel(c, database, marker.text());
      return null;
    });
  }

  @Override
  public final Optional<String> freezeRefusal() {
    return onServer("check the privileges for freezing on", null, this::doFreezeRefusal);
  }

  @Override
  public final ProductionSettings captureSettings(String database) {
    requireExists("capture the settings of", database);
    return new ProductionSettings(database,
        Map.copyOf(onServer("capture the settings of", database, c -> doCaptureSettings(c, database))));
  }

  @Override
  public final List<SessionInfo> freeze(String database) {
    requireExists("freeze", database);
    freezeRefusal().ifPresent(reason -> {
      throw Failures.precondition("cannot freeze database \"" + database + "\": " + reason);
    });
    onServer("freeze", database, c -> {
      doRefuseNewSessions(c, database);
      return null;
    });
    // Our own sessions may hold writes the statistics do not show yet (sessions report them lazily, at
    // the latest when they end; after a switch, the post-switch statements wrote through our pool): once
    // they are gone, the write counters read after the freeze are complete.
    connections.evict(profile, database);
    endSessions(database, SessionInfo::ours, "report its writes");
    return endApplicationSessions(database);
  }

  @Override
  public final List<SessionInfo> endApplicationSessions(String database) {
    return endSessions(database, s -> s.client() && !s.ours(), "keep it frozen");
  }

  @Override
  public final void unfreeze(ProductionSettings prior) {
    requireExists("unfreeze", prior.database());
    onServer("unfreeze", prior.database(), c -> {
      doRestoreSettings(c, prior.database(), prior.settings());
      return null;
    });
    log.info("database {} on profile {} restored to {}", prior.database(), profile, prior.settings());
  }

  @Override
  public final WriteCounters writeCounters(String database) {
    return new WriteCounters(Map.copyOf(onDatabase("read the write counters of", database, this::doWriteCounters)));
  }

  @Override
  public final List<SessionInfo> sessions(String database) {
    return onServer("list the sessions on", database, c -> doSessions(c, database));
  }

  @Override
  public final List<TableShape> tableShapes(String database) {
    return onDatabase("read the tables of", database, this::doTableShapes);
  }

  @Override
  public final Map<String, Long> estimatedRows(String database) {
    return onDatabase("estimate the rows of", database, this::doEstimatedRows);
  }

  @Override
  public final String startRecordingChanges(String database, List<String> tables) {
    requireExists("record the writes to", database);
    String since = onDatabase("record the writes to", database, c -> doStartRecordingChanges(c, tables));
    log.info("database {} on profile {} records the writes to {} from position {}", database, profile, tables, since);
    return since;
  }

  @Override
  public final List<String> changeCaptureRefusals(String database, List<com.upgradectl.pkg.TableSpec> tables) {
    return onDatabase("check the rights change capture needs on", database, c -> doChangeCaptureRefusals(c, tables));
  }

  /** Nothing to check unless the platform says otherwise (PostgreSQL's triggers need the tables' owner, as the import does). */
  protected List<String> doChangeCaptureRefusals(Connection database, List<com.upgradectl.pkg.TableSpec> tables)
      throws SQLException {
    return List.of();
  }

  @Override
  public final boolean recordsChanges(String database, List<String> tables) {
    return onDatabase("check the recording of writes to", database, c -> doRecordsChanges(c, tables));
  }

  @Override
  public final void stopRecordingChanges(String database) {
    if (!databaseExists(database)) {
      return;
    }
    onDatabase("stop recording the writes to", database, c -> {
      doStopRecordingChanges(c);
      return null;
    });
    log.info("database {} on profile {} no longer records its writes", database, profile);
  }

  @Override
  public final List<SwitchBackReport.TableChanges> changesSince(String database, List<String> tables, String since,
      int listLimit) {
    requireExists("list the writes to", database);
    return onDatabase("list the writes to", database, c -> doChangesSince(c, tables, since, listLimit));
  }

  @Override
  public final Optional<String> queryReadOnly(String database, String sql) {
    return onDatabase("query", database, c -> {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      try (var statement = c.createStatement(); var rows = statement.executeQuery(sql)) {
        return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String>empty();
      } catch (SQLException e) {
        throw translate("query failed in database \"" + database + "\" on profile " + profile + " (" + sql + ")",
            e, FailureTypes.BAD_INPUT);
      } finally {
        rollbackQuietly(c);
      }
    });
  }

  @Override
  public final void copyDatabase(String source, String target) {
    validateName("new database", target);
    requireExists("copy", source);
    exclusively("copy", source, c -> doCopyDatabase(c, source, target));
    log.info("copied database {} into {} on profile {}", source, target, profile);
  }

  @Override
  public final DatabaseAttributes captureAttributes(String database) {
    requireExists("capture the attributes of", database);
    return onServer("capture the attributes of", database, c -> doCaptureAttributes(c, database));
  }

  @Override
  public final void applyAttributes(String database, DatabaseAttributes attributes) {
    requireExists("apply attributes to", database);
    onServer("apply attributes to", database, c -> {
      c.setAutoCommit(false);
      try {
        doApplyAttributes(c, database, attributes);
        c.commit();
      } finally {
        rollbackQuietly(c);
        c.setAutoCommit(true);
      }
      return null;
    });
    log.info("database {} on profile {} has the attributes of {} now", database, profile, attributes.database());
  }

  @Override
  public final long sizeBytes(String database) {
    requireExists("measure", database);
    return onServer("measure", database, c -> doSizeBytes(c, database));
  }

  @Override
  public final void dropTable(String database, String table) {
    onDatabase("drop table " + table + " of", database, c -> {
      doDropTable(c, table);
      return null;
    });
  }

  // ---- helpers for the flow

  /** A statement that needs the database to itself: our pools closed, other sessions ended, retried while in use. */
  private void exclusively(String action, String database, SqlStep step) {
    for (int attempt = 1; ; attempt++) {
      connections.evict(profile, database);
      endSessions(database, s -> true, action + " it");
      try (Connection c = connections.serverDataSource(profile).getConnection()) {
        step.run(c);
        return;
      } catch (SQLException e) {
        if (!isInUse(e) || attempt == IN_USE_ATTEMPTS) {
          throw translate(couldNot(action, database), e, FailureTypes.PRECONDITION);
        }
        log.info("database {} still in use (attempt {} of {}): {}", database, attempt, IN_USE_ATTEMPTS, e.getMessage());
      }
    }
  }

  /**
   * Ends the sessions {@code which} selects and waits until they are gone; gives up after the
   * timeout with a retryable failure naming the sessions left.
   */
  private List<SessionInfo> endSessions(String database, Predicate<SessionInfo> which, String why) {
    Map<Integer, SessionInfo> ended = new LinkedHashMap<>();
    Instant deadline = Instant.now().plus(sessionEndTimeout);
    while (true) {
      List<SessionInfo> remaining = sessions(database).stream().filter(which).toList();
      if (remaining.isEmpty()) {
        return List.copyOf(ended.values());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new DatabaseOperationException("sessions on database \"" + database + "\" (profile " + profile
            + ") did not end within " + sessionEndTimeout.toSeconds() + " s: " + remaining, null, null);
      }
      for (SessionInfo session : remaining) {
        if (ended.putIfAbsent(session.pid(), session) == null && !session.ours()) {
          log.warn("ending a session on database {} (profile {}) to {}: {}", database, profile, why, session);
        }
        onServer("end a session on", database, c -> {
          doEndSession(c, session.pid());
          return null;
        });
      }
      sleep(POLL_INTERVAL);
    }
  }

  private void requireExists(String action, String database) {
    if (!databaseExists(database)) {
      throw Failures.precondition("cannot " + action + " database \"" + database + "\" on profile " + profile
          + ": it does not exist");
    }
  }

  protected final <T> T onServer(String action, String database, SqlWork<T> work) {
    try (Connection c = connections.serverDataSource(profile).getConnection()) {
      return work.apply(c);
    } catch (SQLException e) {
      throw translate(couldNot(action, database), e, FailureTypes.PRECONDITION);
    }
  }

  protected final <T> T onDatabase(String action, String database, SqlWork<T> work) {
    try (Connection c = connections.dataSource(profile, database).getConnection()) {
      return work.apply(c);
    } catch (SQLException e) {
      throw translate(couldNot(action, database), e, FailureTypes.PRECONDITION);
    }
  }

  /** "could not drop database "x" on profile p"; without a database: "could not ... the server of profile p". */
  private String couldNot(String action, String database) {
    return database == null ? "could not " + action + " the server of profile " + profile
        : "could not " + action + " database \"" + database + "\" on profile " + profile;
  }

  /**
   * The one translation of SQLException: transient trouble stays retryable, anything else becomes a
   * non-retryable failure of {@code permanentType}; both name what failed and the SQLState.
   */
  private RuntimeException translate(String what, SQLException e, String permanentType) {
    String message = what + ": " + firstLine(e.getMessage()) + " (SQLState " + e.getSQLState() + ")";
    if (isTransient(e) || isTransientError(e)) {
      return new DatabaseOperationException(message, e.getSQLState(), e);
    }
    return FailureTypes.BAD_INPUT.equals(permanentType) ? Failures.badInput(message, e)
        : Failures.precondition(message, e);
  }

  private static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientException || e instanceof SQLRecoverableException || state == null
        || state.length() < 2 || TRANSIENT_CLASSES.contains(state.substring(0, 2));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String read(Path script) {
    try {
      return Files.readString(script, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Failures.badInput("cannot read script " + script + ": " + e.getMessage(), e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException e) {
      log.debug("rollback failed (the connection is discarded by the pool)", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseOperationException("interrupted while waiting for sessions to end", null, e);
    }
  }

  @FunctionalInterface
  protected interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  private interface SqlStep {
    void run(Connection connection) throws SQLException;
  }
}
