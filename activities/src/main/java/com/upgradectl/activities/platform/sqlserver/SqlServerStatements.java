package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.connect.Connections;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every T-SQL text the SQL Server platform sends for server-level work, as pure functions of
 * validated names. Identifiers go through {@link SqlServerIdentifiers} only; values are bound
 * parameters, and N'' literals from {@link SqlServerPlatform#literal} where T-SQL takes no
 * parameter (file paths in BACKUP and RESTORE).
 */
public final class SqlServerStatements {
  /** The name of the extended property that carries a database's label (our marker). */
  public static final String LABEL_PROPERTY = "upgradectl";
  /** user_access_desc values of sys.databases. */
  public static final String MULTI_USER = "MULTI_USER";
  public static final String SINGLE_USER = "SINGLE_USER";
  public static final String RESTRICTED_USER = "RESTRICTED_USER";

  private static final SqlServerIdentifiers ids = SqlServerIdentifiers.INSTANCE;
  private static final SqlServerPlatform platform = SqlServerPlatform.INSTANCE;

  private SqlServerStatements() {}

  // ---- databases: existence, state, create, drop, rename, offline

  public static Tsql databaseExists(String database) {
    return Tsql.of("SELECT 1 FROM sys.databases WHERE name = ?", database);
  }

  /** One row: state_desc, user_access_desc, is_read_only, recovery_model_desc. */
  public static Tsql databaseState(String database) {
    return Tsql.of("SELECT state_desc, user_access_desc, is_read_only, recovery_model_desc FROM sys.databases"
        + " WHERE name = ?", database);
  }

  public static Tsql createDatabase(String database) {
    return Tsql.outsideTransaction("CREATE DATABASE " + ids.quote(database));
  }

  /**
   * Drop as a DBA does it: the database to ourselves at once (open transactions rolled back), then
   * dropped. An offline database is brought online first, because dropping it offline would leave
   * its files on disk.
   */
  public static List<Tsql> dropDatabase(String database, boolean offline) {
    List<Tsql> statements = new ArrayList<>();
    if (offline) {
      statements.add(setOnline(database));
    }
    statements.add(setUserAccess(database, SINGLE_USER));
    statements.add(Tsql.outsideTransaction("DROP DATABASE " + ids.quote(database)));
    return statements;
  }

  /**
   * The rename sequence: single user (others rolled back and disconnected), rename, then back to
   * the user access the database had ({@code restoredAccess}; MULTI_USER for a database nobody
   * restricted, RESTRICTED_USER for a frozen one). The last statement also runs when the rename
   * fails, on the old name: see {@link #renameRecovery}.
   */
  public static List<Tsql> renameDatabase(String from, String to, String restoredAccess) {
    return List.of(
        setUserAccess(from, SINGLE_USER),
        Tsql.outsideTransaction("ALTER DATABASE " + ids.quote(from) + " MODIFY NAME = " + ids.quote(to)),
        setUserAccess(to, restoredAccess));
  }

  /** What undoes the first step of a rename whose MODIFY NAME failed: the old name's user access back. */
  public static Tsql renameRecovery(String from, String restoredAccess) {
    return setUserAccess(from, restoredAccess);
  }

  public static Tsql setOffline(String database) {
    return Tsql.outsideTransaction("ALTER DATABASE " + ids.quote(database) + " SET OFFLINE WITH ROLLBACK IMMEDIATE");
  }

  public static Tsql setOnline(String database) {
    return Tsql.outsideTransaction("ALTER DATABASE " + ids.quote(database) + " SET ONLINE");
  }

  /**
   * Always with ROLLBACK IMMEDIATE: SINGLE_USER and RESTRICTED_USER end other sessions at once, and
   * MULTI_USER must not wait behind (or fail on) a session that took the single-user slot meanwhile.
   */
  public static Tsql setUserAccess(String database, String access) {
    return Tsql.outsideTransaction("ALTER DATABASE " + ids.quote(database) + " SET " + requireUserAccess(access)
        + " WITH ROLLBACK IMMEDIATE");
  }

  public static Tsql setReadOnly(String database, boolean readOnly) {
    return Tsql.outsideTransaction("ALTER DATABASE " + ids.quote(database) + " SET "
        + (readOnly ? "READ_ONLY" : "READ_WRITE") + " WITH ROLLBACK IMMEDIATE");
  }

  // ---- freeze and unfreeze

  /**
   * Freeze: read-only first (from this statement on, no write reaches the database, whoever
   * connects), then restricted user (the application's logins can no longer connect; owners,
   * dbcreator and sysadmin can, so our reads go on).
   */
  public static List<Tsql> freeze(String database) {
    return List.of(setReadOnly(database, true), setUserAccess(database, RESTRICTED_USER));
  }

  /** Where read-only is refused (a database in an availability group or mirroring session): restricted user only. */
  public static List<Tsql> freezeWithoutReadOnly(String database) {
    return List.of(setUserAccess(database, RESTRICTED_USER));
  }

  /**
   * Back to the captured state, changing only what differs from the present one: writes first
   * (while the application is still kept out), user access last, so the application comes back to
   * a writable database.
   */
  public static List<Tsql> restore(String database, boolean readOnlyNow, String accessNow, boolean readOnlyBefore,
      String accessBefore) {
    List<Tsql> statements = new ArrayList<>();
    if (readOnlyNow != readOnlyBefore) {
      statements.add(setReadOnly(database, readOnlyBefore));
    }
    if (!requireUserAccess(accessNow).equals(requireUserAccess(accessBefore))) {
      statements.add(setUserAccess(database, accessBefore));
    }
    return statements;
  }

  // ---- attributes a restore does not carry (production upgrade's safety copy)

  /** The database options SQL Server turns OFF when it restores or attaches a database. */
  public static final List<String> OPTIONS_RESET_BY_RESTORE = List.of("TRUSTWORTHY", "DB_CHAINING");

  /** One row: owner login, TRUSTWORTHY, DB_CHAINING (bit each). */
  public static Tsql attributes(String database) {
    return Tsql.of("SELECT SUSER_SNAME(owner_sid), is_trustworthy_on, is_db_chaining_on FROM sys.databases"
        + " WHERE name = ?", database);
  }

  /** Gives the database its owner back (a restore makes the restoring login its owner). */
  public static Tsql setOwner(String database, String login) {
    return Tsql.of("ALTER AUTHORIZATION ON DATABASE::" + ids.quote(database) + " TO " + ids.quote(login));
  }

  /** TRUSTWORTHY or DB_CHAINING, ON or OFF. */
  public static Tsql setOption(String database, String option, boolean on) {
    if (!OPTIONS_RESET_BY_RESTORE.contains(option)) {
      throw new IllegalArgumentException("not a database option this platform restores: " + option
          + " (expected one of " + OPTIONS_RESET_BY_RESTORE + ")");
    }
    return Tsql.outsideTransaction("ALTER DATABASE " + ids.quote(database) + " SET " + option + (on ? " ON" : " OFF"));
  }

  /** A table of the connection's default schema, if it exists. */
  public static Tsql dropTable(String table) {
    return Tsql.of("DROP TABLE IF EXISTS " + ids.quote(table));
  }

  // ---- privileges

  /** One row: login, sysadmin, dbcreator, ALTER ANY CONNECTION, VIEW SERVER STATE (1 or 0 each). */
  public static Tsql freezePrivileges() {
    return Tsql.of("SELECT SUSER_SNAME(), IS_SRVROLEMEMBER('sysadmin'), IS_SRVROLEMEMBER('dbcreator'),"
        + " HAS_PERMS_BY_NAME(NULL, NULL, 'ALTER ANY CONNECTION'),"
        + " HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE')");
  }

  // ---- label (an extended property of the database itself, class 0)

  /** The label, read in the database through its three-part sys name; one row or none. */
  public static Tsql readLabel(String database) {
    return Tsql.of("SELECT CAST(value AS nvarchar(4000)) FROM " + ids.quote(database) + ".sys.extended_properties"
        + " WHERE class = 0 AND name = ?", LABEL_PROPERTY);
  }

  /** Adds the label or replaces it, in one batch, running the procedures in the database's context. */
  public static Tsql writeLabel(String database, String label) {
    String db = ids.quote(database);
    return Tsql.of("IF EXISTS (SELECT 1 FROM " + db + ".sys.extended_properties WHERE class = 0 AND name = ?)\n"
        + "  EXEC " + db + ".sys.sp_updateextendedproperty @name = ?, @value = ?\n"
        + "ELSE\n"
        + "  EXEC " + db + ".sys.sp_addextendedproperty @name = ?, @value = ?",
        LABEL_PROPERTY, LABEL_PROPERTY, label, LABEL_PROPERTY, label);
  }

  // ---- sessions

  /**
   * User sessions using the database (its current database, or a database lock on it as a
   * three-part-name query holds), except the asking one. Columns: session_id, login_name,
   * sysadmin, program_name, client address, host_name, status, ms since the last request
   * started, ms the oldest open transaction has been open (null when none), ours.
   */
  public static Tsql sessions(String database) {
    return Tsql.of("""
        SELECT s.session_id, s.login_name, IS_SRVROLEMEMBER('sysadmin', s.login_name), s.program_name,
               c.client_net_address, s.host_name, s.status,
               DATEDIFF_BIG(millisecond, s.last_request_start_time, GETDATE()),
               DATEDIFF_BIG(millisecond, t.oldest_begin, GETDATE()),
               CASE WHEN s.program_name = ? AND s.login_name = SUSER_SNAME() THEN 1 ELSE 0 END
        FROM sys.dm_exec_sessions s
        OUTER APPLY (SELECT TOP (1) ec.client_net_address FROM sys.dm_exec_connections ec
                     WHERE ec.session_id = s.session_id) c
        OUTER APPLY (SELECT MIN(at.transaction_begin_time) AS oldest_begin
                     FROM sys.dm_tran_session_transactions st
                     JOIN sys.dm_tran_active_transactions at ON at.transaction_id = st.transaction_id
                     WHERE st.session_id = s.session_id) t
        WHERE s.is_user_process = 1 AND s.session_id <> @@SPID
          AND (s.database_id = DB_ID(?)
               OR EXISTS (SELECT 1 FROM sys.dm_tran_locks l
                          WHERE l.request_session_id = s.session_id AND l.resource_type = 'DATABASE'
                            AND l.resource_database_id = DB_ID(?)))
        ORDER BY s.session_id""", Connections.APPLICATION_NAME, database, database);
  }

  /** KILL takes no parameter; the id is a number read from sys.dm_exec_sessions, checked here. */
  public static Tsql kill(int sessionId) {
    if (sessionId <= 0) {
      throw new IllegalArgumentException("not a session id: " + sessionId);
    }
    return Tsql.of("KILL " + sessionId);
  }

  // ---- tables (run in the database)

  /**
   * Rows written per table since the metadata was cached: leaf inserts, updates, deletes and ghosted
   * deletes of the heap or clustered index (index 0 or 1), so that no row counts twice. Columns:
   * schema, table, count.
   */
  public static Tsql writeCounters() {
    return Tsql.of("""
        SELECT s.name, t.name,
               COALESCE(SUM(o.leaf_insert_count + o.leaf_update_count + o.leaf_delete_count + o.leaf_ghost_count), 0)
        FROM sys.tables t
        JOIN sys.schemas s ON s.schema_id = t.schema_id
        LEFT JOIN sys.dm_db_index_operational_stats(DB_ID(), NULL, NULL, NULL) o
               ON o.object_id = t.object_id AND o.index_id IN (0, 1)
        WHERE t.is_ms_shipped = 0
        GROUP BY s.name, t.name""");
  }

  /**
   * Tables and their columns in column order. Columns: schema, table, column (null for a table
   * without columns), type name, max_length, precision, scale, nullable, has a default or is an
   * identity, computed.
   */
  public static Tsql tableShapes() {
    return Tsql.of("""
        SELECT s.name, t.name, c.name, TYPE_NAME(c.user_type_id), c.max_length, c.precision, c.scale,
               c.is_nullable, CASE WHEN c.default_object_id <> 0 OR c.is_identity = 1 THEN 1 ELSE 0 END,
               c.is_computed
        FROM sys.tables t
        JOIN sys.schemas s ON s.schema_id = t.schema_id
        LEFT JOIN sys.columns c ON c.object_id = t.object_id
        WHERE t.is_ms_shipped = 0
        ORDER BY s.name, t.name, c.column_id""");
  }

  /** Rows per table from the heap or clustered index partitions. Columns: schema, table, rows. */
  public static Tsql estimatedRows() {
    return Tsql.of("""
        SELECT s.name, t.name, COALESCE(SUM(p.rows), 0)
        FROM sys.tables t
        JOIN sys.schemas s ON s.schema_id = t.schema_id
        LEFT JOIN sys.partitions p ON p.object_id = t.object_id AND p.index_id IN (0, 1)
        WHERE t.is_ms_shipped = 0
        GROUP BY s.name, t.name""");
  }

  /**
   * A column's type as written in a CAST: lengths of character and binary types (nvarchar's in
   * characters, -1 as max), precision and scale of decimals, fractional seconds of the time types.
   */
  public static String columnType(String typeName, int maxLength, int precision, int scale) {
    String type = typeName.toLowerCase(Locale.ROOT);
    return switch (type) {
      case "varchar", "char", "varbinary", "binary" -> type + "(" + (maxLength == -1 ? "max" : maxLength) + ")";
      case "nvarchar", "nchar" -> type + "(" + (maxLength == -1 ? "max" : maxLength / 2) + ")";
      case "decimal", "numeric" -> type + "(" + precision + "," + scale + ")";
      case "datetime2", "time", "datetimeoffset" -> type + "(" + scale + ")";
      default -> type;
    };
  }

  // ---- files, edition, guardrails

  /** The database's files. Columns: logical name, physical name, type_desc, size in 8 KB pages. */
  public static Tsql databaseFiles(String database) {
    return Tsql.of("SELECT name, physical_name, type_desc, size FROM sys.master_files WHERE database_id = DB_ID(?)"
        + " ORDER BY file_id", database);
  }

  /** One row: the bytes of every file of the database (data and log), from sizes in 8 KB pages. */
  public static Tsql databaseSize(String database) {
    return Tsql.of("SELECT SUM(CAST(size AS bigint)) * 8192 FROM sys.master_files WHERE database_id = DB_ID(?)",
        database);
  }

  /** One row: Edition, EngineEdition, ProductVersion. */
  public static Tsql edition() {
    return Tsql.of("SELECT CAST(SERVERPROPERTY('Edition') AS nvarchar(128)),"
        + " CAST(SERVERPROPERTY('EngineEdition') AS int), CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128))");
  }

  /**
   * The volumes that hold any database file of the server, with their free and total bytes
   * (documented sys.dm_os_volume_stats; it can only see volumes that hold a database file).
   */
  public static Tsql volumes() {
    return Tsql.of("""
        SELECT DISTINCT v.volume_mount_point, v.available_bytes, v.total_bytes
        FROM sys.master_files f
        CROSS APPLY sys.dm_os_volume_stats(f.database_id, f.file_id) v""");
  }

  /** Backup compression: Enterprise, Developer, Evaluation and Standard have it; Express and Web do not. */
  public static boolean supportsBackupCompression(String edition) {
    String e = edition == null ? "" : edition.toLowerCase(Locale.ROOT);
    return !(e.startsWith("express") || e.startsWith("web"));
  }

  // ---- safety copy

  /** A full copy-only backup: it does not disturb the differential or log chain the DBA runs. */
  public static Tsql backup(String database, String file, boolean compression) {
    return Tsql.outsideTransaction("BACKUP DATABASE " + ids.quote(database) + " TO DISK = " + platform.literal(file)
        + " WITH COPY_ONLY, CHECKSUM, " + (compression ? "COMPRESSION, " : "") + "INIT");
  }

  public static Tsql verifyBackup(String file) {
    return Tsql.outsideTransaction("RESTORE VERIFYONLY FROM DISK = " + platform.literal(file) + " WITH CHECKSUM");
  }

  /** The backup's header; the column read is DatabaseName, the 10th (index {@value #HEADER_DATABASE_NAME}). */
  public static Tsql headerOnly(String file) {
    return Tsql.of("RESTORE HEADERONLY FROM DISK = " + platform.literal(file));
  }

  /**
   * Deletes a backup file the way maintenance plans' cleanup task does: the extended procedure only
   * deletes files that are SQL Server backups (type 0), nothing else.
   */
  public static Tsql deleteBackupFile(String file) {
    return Tsql.outsideTransaction("EXECUTE master.dbo.xp_delete_file 0, " + platform.literal(file));
  }

  /** 0-based position of DatabaseName in RESTORE HEADERONLY's result. */
  public static final int HEADER_DATABASE_NAME = 9;

  /** Columns used: LogicalName (1), PhysicalName (2), Type (3). */
  public static Tsql fileListOnly(String file) {
    return Tsql.of("RESTORE FILELISTONLY FROM DISK = " + platform.literal(file));
  }

  /**
   * Restore over the database, each file moved to where the backup says it was (its original
   * physical file), checking page checksums.
   *
   * @param moves logical file name to physical file name, in the backup's order
   */
  public static Tsql restore(String database, String file, Map<String, String> moves) {
    return restore(database, file, moves, true);
  }

  /**
   * A new database from a backup of another, with files of its own ({@link #copyFiles}); without
   * REPLACE, so that an existing database of that name makes it fail instead of being overwritten.
   */
  public static Tsql restoreAsCopy(String database, String file, Map<String, String> moves) {
    return restore(database, file, moves, false);
  }

  /**
   * Physical files for a copy named {@code target}: each in the directory of the file it copies,
   * named {@code <target>_<logical name><extension>} (characters other than letters, digits, '_',
   * '-' and '.' in the logical name become '_'; a clash gets a number).
   *
   * @param files logical to physical name of the source, in the backup's order
   */
  public static Map<String, String> copyFiles(Map<String, String> files, String target) {
    Map<String, String> moves = new java.util.LinkedHashMap<>();
    java.util.Set<String> taken = new java.util.HashSet<>();
    files.forEach((logical, physical) -> {
      int slash = Math.max(physical.lastIndexOf('/'), physical.lastIndexOf('\\'));
      String directory = physical.substring(0, slash + 1);
      String fileName = physical.substring(slash + 1);
      int dot = fileName.lastIndexOf('.');
      String extension = dot < 0 ? "" : fileName.substring(dot);
      String stem = target + "_" + logical.replaceAll("[^\\p{L}\\p{N}_.-]", "_");
      String candidate = directory + stem + extension;
      for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
        candidate = directory + stem + "_" + n + extension;
      }
      moves.put(logical, candidate);
    });
    return moves;
  }

  private static Tsql restore(String database, String file, Map<String, String> moves, boolean replace) {
    StringBuilder sql = new StringBuilder("RESTORE DATABASE ").append(ids.quote(database))
        .append(" FROM DISK = ").append(platform.literal(file)).append(" WITH ")
        .append(replace ? "REPLACE, CHECKSUM" : "CHECKSUM");
    moves.forEach((logical, physical) -> sql.append(", MOVE ").append(platform.literal(logical))
        .append(" TO ").append(platform.literal(physical)));
    return Tsql.outsideTransaction(sql.toString());
  }

  private static String requireUserAccess(String access) {
    if (MULTI_USER.equals(access) || SINGLE_USER.equals(access) || RESTRICTED_USER.equals(access)) {
      return access;
    }
    throw new IllegalArgumentException("not a SQL Server user access mode: " + access
        + " (expected MULTI_USER, SINGLE_USER or RESTRICTED_USER)");
  }
}
