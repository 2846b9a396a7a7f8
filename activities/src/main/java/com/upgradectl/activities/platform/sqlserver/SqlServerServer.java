package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.connect.Connections;
import com.upgradectl.activities.platform.AbstractDatabaseServer;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.activities.platform.SessionInfo;
import com.upgradectl.activities.platform.sqlserver.SqlServerGuardrails.BackupSpace;
import com.upgradectl.pkg.schema.ColumnShape;
import com.upgradectl.pkg.schema.TableShape;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.DatabaseAttributes.Setting;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-level operations on SQL Server, done as a DBA does them (docs/SQLSERVER.md says what each
 * one sends). Statement texts come from {@link SqlServerStatements}; this class decides which ones
 * run, in which order, and what happens when one fails, and sends them through a
 * {@link TsqlExecutor}.
 *
 * <p>Freeze makes the database READ_ONLY (no write reaches it, whoever connects) and then
 * RESTRICTED_USER (the application's logins cannot reconnect; owners, dbcreator and sysadmin can,
 * so our reads go on). The label is an extended property of the database, the counterpart of a
 * PostgreSQL database comment: metadata that survives renames and backups and is no table of the
 * application's schema.
 */
public final class SqlServerServer extends AbstractDatabaseServer {
  private static final Logger log = LoggerFactory.getLogger(SqlServerServer.class);

  /** Settings keys of a captured state. */
  public static final String READ_ONLY = "readOnly";
  public static final String USER_ACCESS = "userAccess";

  static final String DEFAULT_SCHEMA = "dbo";
  /**
   * The database is used by others: drop (3702), rename lock (5030), ALTER lock (5061), state
   * change (5070), single user taken (924, 5064), restore (3101).
   */
  private static final Set<Integer> IN_USE_ERRORS = Set.of(3702, 5030, 5061, 5070, 924, 5064, 3101);
  /** The operation is not allowed on a database in a mirroring session or an availability group. */
  static final int MIRRORED_OR_IN_AVAILABILITY_GROUP = 1468;
  private static final int DEADLOCK_VICTIM = 1205;
  private static final int LOCK_TIMEOUT = 1222;
  /** A backup device that cannot be opened: the file does not exist (or cannot be read). */
  private static final int CANNOT_OPEN_BACKUP_DEVICE = 3201;
  /** KILL of a session that ended meanwhile. */
  private static final int NOT_AN_ACTIVE_SESSION = 6106;
  private static final int ACCESS_RESTORE_ATTEMPTS = 3;
  private static final Pattern COPY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

  private final TsqlExecutor executor;
  private final SqlServerChangeTracking changeTracking;

  public SqlServerServer(Connections connections, String profile, Duration sessionEndTimeout) {
    this(connections, profile, sessionEndTimeout, JdbcTsqlExecutor.INSTANCE);
  }

  SqlServerServer(Connections connections, String profile, Duration sessionEndTimeout, TsqlExecutor executor) {
    super(connections, profile, SqlServerPlatform.INSTANCE, sessionEndTimeout);
    this.executor = executor;
    this.changeTracking = new SqlServerChangeTracking(executor);
  }

  // ---- the hooks of the common flow

  @Override
  protected boolean doDatabaseExists(Connection server, String database) throws SQLException {
    return !executor.query(server, SqlServerStatements.databaseExists(database)).isEmpty();
  }

  @Override
  protected void doCreateDatabase(Connection server, String database) throws SQLException {
    executor.execute(server, SqlServerStatements.createDatabase(database));
  }

  /**
   * Single user with rollback, then drop; when the drop fails the database gets its user access
   * back, so a refused drop does not leave it locked to one session.
   */
  @Override
  protected void doDropDatabase(Connection server, String database) throws SQLException {
    Optional<DatabaseState> state = state(server, database);
    if (state.isEmpty()) {
      return;
    }
    List<Tsql> steps = SqlServerStatements.dropDatabase(database, state.get().offline());
    try {
      for (Tsql step : steps) {
        executor.execute(server, step);
      }
    } catch (SQLException e) {
      if (state(server, database).isPresent()) {
        restoreAccessQuietly(server, database, accessToRestore(state.get()));
      }
      throw e;
    }
  }

  /**
   * Single user, rename, then the user access it had back on the new name. A failed rename gives
   * the old name its access back before the error is reported.
   */
  @Override
  protected void doRenameDatabase(Connection server, String from, String to) throws SQLException {
    DatabaseState state = state(server, from)
        .orElseThrow(() -> new SQLException("database " + from + " vanished", "S0001", 911));
    String access = accessToRestore(state);
    List<Tsql> steps = SqlServerStatements.renameDatabase(from, to, access);
    executor.execute(server, steps.get(0));
    try {
      executor.execute(server, steps.get(1));
    } catch (SQLException e) {
      restoreAccessQuietly(server, from, access);
      throw e;
    }
    restoreAccess(server, steps.get(2), to);
  }

  @Override
  protected void doAllowConnections(Connection server, String database, boolean allow) throws SQLException {
    executor.execute(server,
        allow ? SqlServerStatements.setOnline(database) : SqlServerStatements.setOffline(database));
  }

  /** Online and open to every login: the application could connect. */
  @Override
  protected boolean doAcceptsConnections(Connection server, String database) throws SQLException {
    return state(server, database)
        .map(s -> "ONLINE".equals(s.state()) && SqlServerStatements.MULTI_USER.equals(s.userAccess()))
        .orElse(false);
  }

  /** An offline database cannot be read: it has no label anyone could check, so none is reported. */
  @Override
  protected Optional<String> doReadLabel(Connection server, String database) throws SQLException {
    Optional<DatabaseState> state = state(server, database);
    if (state.isEmpty() || !"ONLINE".equals(state.get().state())) {
      return Optional.empty();
    }
    List<List<Object>> rows = executor.query(server, SqlServerStatements.readLabel(database));
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(text(rows.get(0).get(0)));
  }

  @Override
  protected void doWriteLabel(Connection server, String database, String label) throws SQLException {
    executor.execute(server, SqlServerStatements.writeLabel(database, label));
  }

  /**
   * Freezing changes database options and must keep reading a RESTRICTED_USER database (the
   * dbcreator role does both; db_owner would too, but only per database), ends other logins'
   * sessions (ALTER ANY CONNECTION) and must see them (VIEW SERVER STATE). sysadmin has it all.
   */
  @Override
  protected Optional<String> doFreezeRefusal(Connection server) throws SQLException {
    List<Object> row = executor.query(server, SqlServerStatements.freezePrivileges()).get(0);
    if (flag(row.get(1))) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    String[] names = {"the dbcreator role", "ALTER ANY CONNECTION", "VIEW SERVER STATE"};
    for (int i = 0; i < names.length; i++) {
      if (!flag(row.get(i + 2))) {
        missing.add(names[i]);
      }
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("profile " + profile() + " connects as " + text(row.get(0)) + ", which lacks "
        + String.join(", ", missing) + "; freezing on SQL Server needs the sysadmin role, or the dbcreator role"
        + " with ALTER ANY CONNECTION and VIEW SERVER STATE (docs/SQLSERVER.md, Permissions)");
  }

  @Override
  protected Map<String, String> doCaptureSettings(Connection server, String database) throws SQLException {
    DatabaseState state = state(server, database)
        .orElseThrow(() -> new SQLException("database " + database + " vanished", "S0001", 911));
    return Map.of(READ_ONLY, Boolean.toString(state.readOnly()), USER_ACCESS, state.userAccess());
  }

  /**
   * READ_ONLY then RESTRICTED_USER. Where the server refuses READ_ONLY because the database is
   * mirrored or in an availability group, RESTRICTED_USER alone keeps the application out and the
   * write counters remain the proof that nothing was written.
   */
  @Override
  protected void doRefuseNewSessions(Connection server, String database) throws SQLException {
    List<Tsql> steps = SqlServerStatements.freeze(database);
    try {
      executor.execute(server, steps.get(0));
    } catch (SQLException e) {
      if (e.getErrorCode() != MIRRORED_OR_IN_AVAILABILITY_GROUP) {
        throw e;
      }
      log.warn("database {} on profile {} cannot be made READ_ONLY ({}); freezing with RESTRICTED_USER only",
          database, profile(), e.getMessage());
      for (Tsql step : SqlServerStatements.freezeWithoutReadOnly(database)) {
        executor.execute(server, step);
      }
      return;
    }
    for (Tsql step : steps.subList(1, steps.size())) {
      executor.execute(server, step);
    }
  }

  @Override
  protected void doRestoreSettings(Connection server, String database, Map<String, String> settings)
      throws SQLException {
    String readOnly = settings.get(READ_ONLY);
    String access = settings.get(USER_ACCESS);
    if (!("true".equals(readOnly) || "false".equals(readOnly)) || !Set.of(SqlServerStatements.MULTI_USER,
        SqlServerStatements.RESTRICTED_USER, SqlServerStatements.SINGLE_USER).contains(access)) {
      throw Failures.badInput("captured settings of database \"" + database + "\" are not SQL Server settings ("
          + settings + "); expected " + READ_ONLY + "=true|false and " + USER_ACCESS + "=MULTI_USER|RESTRICTED_USER"
          + "|SINGLE_USER; cannot restore them");
    }
    DatabaseState now = state(server, database)
        .orElseThrow(() -> new SQLException("database " + database + " vanished", "S0001", 911));
    for (Tsql step : SqlServerStatements.restore(database, now.readOnly(), now.userAccess(),
        Boolean.parseBoolean(readOnly), access)) {
      executor.execute(server, step);
    }
  }

  @Override
  protected List<SessionInfo> doSessions(Connection server, String database) throws SQLException {
    Instant now = Instant.now();
    List<SessionInfo> sessions = new ArrayList<>();
    for (List<Object> row : executor.query(server, SqlServerStatements.sessions(database))) {
      String address = text(row.get(4));
      String host = text(row.get(5));
      String client = address == null ? (host == null ? null : "host " + host)
          : host == null ? address : address + " (host " + host + ")";
      Object sinceRequest = row.get(7);
      Object transactionMillis = row.get(8);
      sessions.add(new SessionInfo((int) number(row.get(0)), text(row.get(1)), flag(row.get(2)), text(row.get(3)),
          client, text(row.get(6)),
          sinceRequest == null ? null : now.minusMillis(number(sinceRequest)),
          transactionMillis == null ? null : Duration.ofMillis(number(transactionMillis)),
          true, flag(row.get(9))));
    }
    return sessions;
  }

  @Override
  protected void doEndSession(Connection server, int pid) throws SQLException {
    try {
      executor.execute(server, SqlServerStatements.kill(pid));
    } catch (SQLException e) {
      if (e.getErrorCode() != NOT_AN_ACTIVE_SESSION) {
        throw e;
      }
    }
  }

  @Override
  protected boolean isInUse(SQLException e) {
    return IN_USE_ERRORS.contains(e.getErrorCode());
  }

  /** A deadlock victim (1205), a lock timeout (1222) or a database in use: retried, not reported as final. */
  @Override
  protected boolean isTransientError(SQLException e) {
    return e.getErrorCode() == DEADLOCK_VICTIM || e.getErrorCode() == LOCK_TIMEOUT || isInUse(e);
  }

  /**
   * sys.dm_db_index_operational_stats: the counters live as long as the table's metadata is cached
   * and restart at zero when the database goes offline or the server restarts. Within one freeze
   * they only grow, so a difference still means a write.
   */
  @Override
  protected Map<String, Long> doWriteCounters(Connection database) throws SQLException {
    Map<String, Long> counters = new LinkedHashMap<>();
    for (List<Object> row : executor.query(database, SqlServerStatements.writeCounters())) {
      counters.put(text(row.get(0)) + "." + text(row.get(1)), number(row.get(2)));
    }
    return counters;
  }

  @Override
  protected List<TableShape> doTableShapes(Connection database) throws SQLException {
    Map<String, List<ColumnShape>> tables = new LinkedHashMap<>();
    for (List<Object> row : executor.query(database, SqlServerStatements.tableShapes())) {
      List<ColumnShape> columns = tables.computeIfAbsent(tableName(text(row.get(0)), text(row.get(1))),
          t -> new ArrayList<>());
      if (row.get(2) != null) {
        String type = SqlServerStatements.columnType(text(row.get(3)), (int) number(row.get(4)),
            (int) number(row.get(5)), (int) number(row.get(6)));
        columns.add(new ColumnShape(text(row.get(2)), type, flag(row.get(7)), flag(row.get(8)), flag(row.get(9))));
      }
    }
    return tables.entrySet().stream().map(e -> new TableShape(e.getKey(), List.copyOf(e.getValue()))).toList();
  }

  @Override
  protected Map<String, Long> doEstimatedRows(Connection database) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (List<Object> row : executor.query(database, SqlServerStatements.estimatedRows())) {
      rows.put(tableName(text(row.get(0)), text(row.get(1))), number(row.get(2)));
    }
    return rows;
  }

  @Override
  protected String doStartRecordingChanges(Connection database, List<String> tables) throws SQLException {
    return changeTracking.start(database, tables);
  }

  @Override
  protected List<String> doChangeCaptureRefusals(Connection database, List<com.upgradectl.pkg.TableSpec> tables)
      throws SQLException {
    return SqlServerCaptureControl.missingRights(database, tables);
  }

  @Override
  protected boolean doRecordsChanges(Connection database, List<String> tables) throws SQLException {
    return changeTracking.isRecording(database, tables);
  }

  @Override
  protected void doStopRecordingChanges(Connection database) throws SQLException {
    changeTracking.stop(database);
  }

  @Override
  protected List<SwitchBackReport.TableChanges> doChangesSince(Connection database, List<String> tables, String since,
      int listLimit) throws SQLException {
    long version;
    try {
      version = Long.parseLong(since);
    } catch (NumberFormatException e) {
      throw Failures.badInput("the recorded switch position '" + since + "' is not a SQL Server Change Tracking version");
    }
    return changeTracking.changesSince(database, tables, version, listLimit);
  }

  @Override
  public String changeRecordQuery() {
    return SqlServerChangeTrackingStatements.fullListing();
  }

  /** Every file of the database (data and log), as sys.master_files sizes them in 8 KB pages. */
  @Override
  protected long doSizeBytes(Connection server, String database) throws SQLException {
    List<List<Object>> rows = executor.query(server, SqlServerStatements.databaseSize(database));
    return rows.isEmpty() || rows.get(0).get(0) == null ? 0 : number(rows.get(0).get(0));
  }

  /** The script's GO-separated batches, in order, each as often as its GO count says, in the caller's transaction. */
  @Override
  protected void doRunScript(Connection database, String script) throws SQLException {
    List<TsqlBatches.Batch> batches;
    try {
      batches = TsqlBatches.split(script);
    } catch (IllegalArgumentException e) {
      throw Failures.badInput("T-SQL script cannot be split into batches: " + e.getMessage());
    }
    for (TsqlBatches.Batch batch : batches) {
      for (int i = 0; i < batch.repeat(); i++) {
        try {
          executor.execute(database, Tsql.of(batch.text()));
        } catch (SQLException e) {
          throw new SQLException("batch starting on line " + batch.startLine() + ": " + e.getMessage(),
              e.getSQLState(), e.getErrorCode(), e);
        }
      }
    }
  }

  // ---- SQL Server only: files, guardrails, safety copies

  /** The database's files; renames leave them as they are, so this is what an operator is told after a switch. */
  public List<DatabaseFile> databaseFiles(String database) {
    return onServer("list the files of", database, c -> databaseFilesOn(c, database));
  }

  /**
   * What freezing, renaming or restoring the database would do to whom, and whether a safety copy
   * fits where it would be written.
   *
   * @param longTransaction a transaction open longer than this is reported
   */
  public SqlServerGuardrails guardrails(String database, Duration longTransaction) {
    DatabaseState state = onServer("check", database, c -> state(c, database))
        .orElseThrow(() -> Failures.precondition("cannot check database \"" + database + "\" on profile " + profile()
            + ": it does not exist"));
    List<SessionInfo> cutOff = sessions(database).stream().filter(s -> s.client() && !s.ours()).toList();
    List<SessionInfo> longTransactions = cutOff.stream()
        .filter(s -> s.transactionAge() != null && s.transactionAge().compareTo(longTransaction) > 0).toList();
    String directory = backupDirectory().orElse(null);
    BackupSpace space = directory == null ? null : onServer("check the backup space for", database, c -> {
      long estimated = databaseFilesOn(c, database).stream().filter(f -> "ROWS".equals(f.type()))
          .mapToLong(DatabaseFile::sizeBytes).sum();
      Map<String, Long> available = new LinkedHashMap<>();
      for (List<Object> row : executor.query(c, SqlServerStatements.volumes())) {
        available.put(text(row.get(0)), number(row.get(1)));
      }
      Optional<String> volume = volumeOf(directory, available.keySet());
      return new BackupSpace(directory, volume.orElse(null), volume.map(available::get).orElse(null), estimated);
    });
    return new SqlServerGuardrails(database, state.state(), state.userAccess(), state.readOnly(),
        state.recoveryModel(), cutOff, longTransaction, longTransactions, space);
  }

  /**
   * {@code BACKUP DATABASE ... WITH COPY_ONLY, CHECKSUM[, COMPRESSION], INIT} to
   * {@code <backupDirectory>/<database>-<copyName>.bak}, then {@code RESTORE VERIFYONLY}.
   */
  public SafetyCopy createSafetyCopy(String database, String copyName) {
    validateName("database", database);
    copyNameRefusal(copyName).ifPresent(refusal -> {
      throw Failures.badInput(refusal);
    });
    String directory = backupDirectory().orElseThrow(() -> Failures.precondition("profile " + profile()
        + " has no backupDirectory; set one in the worker configuration to take safety copies"));
    if (!databaseExists(database)) {
      throw Failures.precondition("cannot copy database \"" + database + "\" on profile " + profile()
          + ": it does not exist");
    }
    String file = backupFile(directory, database, copyName);
    boolean compressed = onServer("back up", database, c -> doBackup(c, database, file));
    log.info("safety copy of database {} on profile {} written to {} (compressed: {})", database, profile(), file,
        compressed);
    return new SafetyCopy(database, file, Instant.now(), compressed);
  }

  /** Why {@code copyName} cannot name a safety copy's backup file, or empty when it can. */
  public static Optional<String> copyNameRefusal(String copyName) {
    if (copyName != null && COPY_NAME.matcher(copyName).matches()) {
      return Optional.empty();
    }
    return Optional.of("safety copy name '" + copyName + "' is not allowed: use letters, digits, '.', '_'"
        + " and '-', starting with a letter, digit or '_', at most 100 characters");
  }

  /**
   * Ends every session on the database, then {@code RESTORE ... WITH REPLACE} with each file moved
   * back where it was.
   */
  public void restoreSafetyCopy(SafetyCopy copy) {
    validateName("database", copy.database());
    connections.evict(profile(), copy.database());
    onServer("restore", copy.database(), c -> {
      doRestore(c, copy);
      return null;
    });
    log.info("database {} on profile {} restored from {}", copy.database(), profile(), copy.location());
  }

  /**
   * Where the safety copy {@code copyName} of {@code database} is written:
   * {@code <backupDirectory>/<database>-<copyName>.bak}; empty when the profile has no backup directory.
   */
  public Optional<String> backupFileFor(String database, String copyName) {
    return backupDirectory().map(directory -> backupFile(directory, database, copyName));
  }

  /** Whether the server can read a backup at {@code file} (RESTORE HEADERONLY answers). */
  public boolean backupFileExists(String file) {
    return onServer("look for backup " + file + " of", null, c -> backupExists(c, file));
  }

  /**
   * Puts production back from its safety copy, over the failed database, which keeps its name and
   * its files: the failed state is first backed up to {@code failedFile} for inspection (once: a
   * retried restore finds the file and does not overwrite it with what it restored), then
   * {@code RESTORE ... WITH REPLACE}. A failed backup of the failed state does not stop the
   * restore: production back comes first, and the failed state is production as it was plus the
   * migrations.
   */
  public void restoreOverFailed(SafetyCopy copy, String failedFile) {
    validateName("database", copy.database());
    connections.evict(profile(), copy.database());
    onServer("restore", copy.database(), c -> {
      doRestoreOverFailed(c, copy, failedFile);
      return null;
    });
    log.info("database {} on profile {} restored from {}", copy.database(), profile(), copy.location());
  }

  /** Deletes a backup file this platform wrote; a file that is gone is no error. */
  public void deleteBackupFile(String file) {
    onServer("delete backup " + file + " of", null, c -> {
      executor.execute(c, SqlServerStatements.deleteBackupFile(file));
      return null;
    });
    log.info("deleted backup file {} on profile {}", file, profile());
  }

  void doRestoreOverFailed(Connection server, SafetyCopy copy, String failedFile) throws SQLException {
    Optional<DatabaseState> state = state(server, copy.database());
    if (state.isPresent() && "ONLINE".equals(state.get().state()) && !backupExists(server, failedFile)) {
      try {
        doBackup(server, copy.database(), failedFile);
      } catch (SQLException e) {
        log.error("could not back up the failed database {} to {} before restoring it ({}); restoring all the same",
            copy.database(), failedFile, e.getMessage());
      }
    }
    doRestore(server, copy);
  }

  boolean backupExists(Connection server, String file) throws SQLException {
    try {
      return !executor.query(server, SqlServerStatements.headerOnly(file)).isEmpty();
    } catch (SQLException e) {
      if (e.getErrorCode() == CANNOT_OPEN_BACKUP_DEVICE) {
        return false;
      }
      throw e;
    }
  }

  /**
   * {@code target} as a copy of {@code source}: a copy-only backup of {@code source} to the backup
   * directory, restored as {@code target} with files of its own next to the source's. The copy
   * carries everything inside the database (users, permissions, extended properties, options);
   * what it does not is in {@link #doCaptureAttributes}. The backup file stays in the backup
   * directory.
   */
  @Override
  protected void doCopyDatabase(Connection server, String source, String target) throws SQLException {
    String directory = backupDirectory().orElseThrow(() -> Failures.precondition("profile " + profile()
        + " has no backupDirectory; copying a database on SQL Server goes through a backup there"));
    String file = backupFile(directory, source, "copy-to-" + target);
    doBackup(server, source, file);
    Map<String, String> files = new LinkedHashMap<>();
    for (List<Object> row : executor.query(server, SqlServerStatements.fileListOnly(file))) {
      files.put(text(row.get(0)), text(row.get(1)));
    }
    executor.execute(server,
        SqlServerStatements.restoreAsCopy(target, file, SqlServerStatements.copyFiles(files, target)));
  }

  /**
   * What a restored copy does not carry: its owner (the restoring login owns it) and the options a
   * restore turns OFF (TRUSTWORTHY, DB_CHAINING). No comment, grants or settings beyond those:
   * permissions and extended properties live inside the database and travel with the backup.
   */
  @Override
  protected DatabaseAttributes doCaptureAttributes(Connection server, String database) throws SQLException {
    List<List<Object>> rows = executor.query(server, SqlServerStatements.attributes(database));
    if (rows.isEmpty()) {
      throw new SQLException("database " + database + " vanished", "S0001", 911);
    }
    List<Object> row = rows.get(0);
    List<Setting> options = new ArrayList<>();
    for (int i = 0; i < SqlServerStatements.OPTIONS_RESET_BY_RESTORE.size(); i++) {
      String option = SqlServerStatements.OPTIONS_RESET_BY_RESTORE.get(i);
      options.add(new Setting(null, option, flag(row.get(i + 1)) ? "ON" : "OFF"));
    }
    return new DatabaseAttributes(database, text(row.get(0)), null, true, List.of(), options);
  }

  /**
   * The owner inside the caller's transaction, then each option. ALTER DATABASE ... SET is refused
   * inside a transaction (error 226), so the executor switches the connection to autocommit for it,
   * which commits the owner change first.
   */
  @Override
  protected void doApplyAttributes(Connection server, String database, DatabaseAttributes attributes)
      throws SQLException {
    List<Tsql> steps = new ArrayList<>();
    for (Setting setting : attributes.settings()) {
      if (setting.role() != null || !SqlServerStatements.OPTIONS_RESET_BY_RESTORE.contains(setting.name())
          || !("ON".equals(setting.value()) || "OFF".equals(setting.value()))) {
        throw Failures.badInput("attributes captured from database " + attributes.database() + " hold a setting SQL"
            + " Server cannot apply (" + setting + "); expected " + SqlServerStatements.OPTIONS_RESET_BY_RESTORE
            + " ON or OFF");
      }
      steps.add(SqlServerStatements.setOption(database, setting.name(), "ON".equals(setting.value())));
    }
    if (attributes.owner() == null || !attributes.grants().isEmpty() || attributes.comment() != null) {
      throw Failures.badInput("attributes captured from database " + attributes.database() + " are not SQL Server's"
          + " (owner " + attributes.owner() + ", " + attributes.grants().size() + " grant(s), comment "
          + attributes.comment() + ")");
    }
    executor.execute(server, SqlServerStatements.setOwner(database, attributes.owner()));
    for (Tsql step : steps) {
      executor.execute(server, step);
    }
  }

  @Override
  protected void doDropTable(Connection database, String table) throws SQLException {
    executor.execute(database, SqlServerStatements.dropTable(table));
  }

  /** @return whether the copy is compressed */
  boolean doBackup(Connection server, String database, String file) throws SQLException {
    List<Object> edition = executor.query(server, SqlServerStatements.edition()).get(0);
    boolean compression = SqlServerStatements.supportsBackupCompression(text(edition.get(0)));
    executor.execute(server, SqlServerStatements.backup(database, file, compression));
    executor.execute(server, SqlServerStatements.verifyBackup(file));
    return compression;
  }

  /**
   * REPLACE skips the server's own check that the backup belongs to the database it overwrites, so
   * that check is made here first: the backup's header must name this database.
   */
  void doRestore(Connection server, SafetyCopy copy) throws SQLException {
    List<List<Object>> header = executor.query(server, SqlServerStatements.headerOnly(copy.location()));
    String backedUp = header.isEmpty() ? null : text(header.get(0).get(SqlServerStatements.HEADER_DATABASE_NAME));
    if (!copy.database().equals(backedUp)) {
      throw Failures.precondition("backup " + copy.location() + " is of database " + backedUp + ", not of "
          + copy.database() + "; it is not restored over it");
    }
    Map<String, String> moves = new LinkedHashMap<>();
    for (List<Object> row : executor.query(server, SqlServerStatements.fileListOnly(copy.location()))) {
      moves.put(text(row.get(0)), text(row.get(1)));
    }
    if (moves.isEmpty()) {
      throw Failures.precondition("backup " + copy.location() + " lists no files; it cannot be restored");
    }
    Optional<DatabaseState> state = state(server, copy.database());
    if (state.isPresent() && "ONLINE".equals(state.get().state())) {
      executor.execute(server, SqlServerStatements.setUserAccess(copy.database(), SqlServerStatements.SINGLE_USER));
    }
    try {
      executor.execute(server, SqlServerStatements.restore(copy.database(), copy.location(), moves));
    } catch (SQLException e) {
      if (state.isPresent() && "ONLINE".equals(state.get().state())) {
        restoreAccessQuietly(server, copy.database(), accessToRestore(state.get()));
      }
      throw e;
    }
  }

  // ---- pure helpers (tested without a server)

  /** {@code <directory>/<database>-<copyName>.bak} with the directory's own separator. */
  static String backupFile(String directory, String database, String copyName) {
    char separator = directory.indexOf('\\') >= 0 && directory.indexOf('/') < 0 ? '\\' : '/';
    String base = directory;
    while (base.length() > 1 && (base.endsWith("/") || base.endsWith("\\"))) {
      base = base.substring(0, base.length() - 1);
    }
    return base + (base.endsWith(String.valueOf(separator)) ? "" : String.valueOf(separator)) + database + "-"
        + copyName + ".bak";
  }

  /** The longest mount point the directory lies under (Windows paths compared without case). */
  static Optional<String> volumeOf(String directory, Iterable<String> mountPoints) {
    String dir = normalise(directory);
    String best = null;
    for (String mountPoint : mountPoints) {
      String mp = normalise(mountPoint);
      String prefix = mp.endsWith("/") ? mp : mp + "/";
      if ((dir.equals(mp) || dir.startsWith(prefix) || (dir + "/").equals(prefix))
          && (best == null || mp.length() > normalise(best).length())) {
        best = mountPoint;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String normalise(String path) {
    String p = path.replace('\\', '/');
    return p.length() > 1 && p.charAt(1) == ':' ? p.toLowerCase(Locale.ROOT) : p;
  }

  /** A database left in single user (a crash between the steps of an earlier rename) goes back to everyone. */
  private static String accessToRestore(DatabaseState state) {
    return SqlServerStatements.SINGLE_USER.equals(state.userAccess()) ? SqlServerStatements.MULTI_USER
        : state.userAccess();
  }

  private void restoreAccess(Connection server, Tsql statement, String database) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        executor.execute(server, statement);
        return;
      } catch (SQLException e) {
        if (attempt == ACCESS_RESTORE_ATTEMPTS) {
          log.error("database {} on profile {} may be left in SINGLE_USER: {}", database, profile(), e.getMessage());
          throw e;
        }
      }
    }
  }

  private void restoreAccessQuietly(Connection server, String database, String access) {
    try {
      executor.execute(server, SqlServerStatements.renameRecovery(database, access));
    } catch (SQLException e) {
      log.error("database {} on profile {} may be left in SINGLE_USER; set it back with ALTER DATABASE ... SET {}: {}",
          database, profile(), access, e.getMessage());
    }
  }

  private List<DatabaseFile> databaseFilesOn(Connection c, String database) throws SQLException {
    List<DatabaseFile> files = new ArrayList<>();
    for (List<Object> row : executor.query(c, SqlServerStatements.databaseFiles(database))) {
      files.add(new DatabaseFile(text(row.get(0)), text(row.get(1)), text(row.get(2)), number(row.get(3)) * 8192));
    }
    return List.copyOf(files);
  }

  private Optional<String> backupDirectory() {
    String directory = connections.profile(profile()).backupDirectory();
    return directory == null || directory.isBlank() ? Optional.empty() : Optional.of(directory);
  }

  private Optional<DatabaseState> state(Connection server, String database) throws SQLException {
    List<List<Object>> rows = executor.query(server, SqlServerStatements.databaseState(database));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<Object> row = rows.get(0);
    return Optional.of(new DatabaseState(text(row.get(0)), text(row.get(1)), flag(row.get(2)), text(row.get(3))));
  }

  private static String tableName(String schema, String table) {
    return DEFAULT_SCHEMA.equals(schema) ? table : schema + "." + table;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new IllegalStateException("expected a number, got " + value);
  }

  private static boolean flag(Object value) {
    return value instanceof Boolean b ? b : value != null && number(value) != 0;
  }

  /** A row of sys.databases. */
  record DatabaseState(String state, String userAccess, boolean readOnly, String recoveryModel) {
    boolean offline() {
      return "OFFLINE".equals(state);
    }
  }
}
