package com.upgradectl.activities.platform;

import com.upgradectl.pkg.schema.TableShape;
import com.upgradectl.workflows.pilot.ProductionSettings;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import com.upgradectl.workflows.pilot.WriteCounters;
import com.upgradectl.workflows.production.DatabaseAttributes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server-level operations on the server one connection profile points at. Permanent problems
 * surface as non-retryable {@code ApplicationFailure}s ({@link Failures}) naming the database and
 * the SQLState; transient ones as {@link DatabaseOperationException}.
 *
 * <p>Operations that need a database to themselves (drop, rename, offline) first close our own
 * pools on it, then end every other session on it, waiting (bounded) until none remain.
 */
public interface DatabaseServer {

  String profile();

  DatabasePlatform platform();

  /** @throws IllegalArgumentException naming the problem */
  String validateName(String role, String name);

  /**
   * Every name that breaks this server's naming rule, each problem once, for preflight's list.
   *
   * @param rolesAndNames role, name, role, name... e.g. "production database", "servicedesk"; in the
   *     order to report them (a name may be null: that is a problem too)
   */
  default List<String> nameProblems(String... rolesAndNames) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i + 1 < rolesAndNames.length; i += 2) {
      try {
        validateName(rolesAndNames[i], rolesAndNames[i + 1]);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  boolean databaseExists(String database);

  /** Creates an empty database owned by the connecting user. */
  void createDatabase(String database);

  /**
   * Runs script files in one transaction, each file as one statement text; a failing script leaves
   * nothing behind and is named in the (non-retryable BadInput) failure.
   */
  void runScripts(String database, List<Path> scripts);

  /** Drops the database if it exists. */
  void dropDatabase(String database);

  /**
   * Renames; idempotent: only {@code to} existing counts as done. Both or neither existing is a
   * PreconditionFailed naming them.
   */
  void renameDatabase(String from, String to);

  /** No connection at all, superusers included, is accepted afterwards; present sessions are ended. */
  void takeOffline(String database);

  void bringOnline(String database);

  boolean acceptsConnections(String database);

  /** The database's label, if any (PostgreSQL: its comment). */
  Optional<String> readLabel(String database);

  void writeMarker(String database, DatabaseMarker marker);

  /** Why this profile cannot freeze databases, or empty when it can. */
  Optional<String> freezeRefusal();

  /** The settings {@link #freeze} changes, to be handed to {@link #unfreeze}. */
  ProductionSettings captureSettings(String database);

  /**
   * Refuses new sessions of the application and ends its present ones, while our own sessions go
   * on reading. Returns the sessions it ended.
   */
  List<SessionInfo> freeze(String database);

  /**
   * Ends every client session that is not ours, waiting until they are gone; a session's write
   * counters reach the statistics by the time it is gone. Returns the sessions it ended.
   */
  List<SessionInfo> endApplicationSessions(String database);

  /** Restores settings captured before the freeze, exactly. Idempotent. */
  void unfreeze(ProductionSettings prior);

  /** Cumulative inserts + updates + deletes per table ("schema.table"). */
  WriteCounters writeCounters(String database);

  /** Every session on the database except the one asking. */
  List<SessionInfo> sessions(String database);

  /** Tables and their columns; tables of the default schema by bare name, others as "schema.table". */
  List<TableShape> tableShapes(String database);

  /** Estimated rows per table, named as in {@link #tableShapes}. */
  Map<String, Long> estimatedRows(String database);

  /**
   * What the refreshes' change capture of the data tables ({@code tables}, the package's) would need on
   * the database and lacks, as sentences; empty when it can start. Read-only: asked by preflight.
   */
  List<String> changeCaptureRefusals(String database, List<com.upgradectl.pkg.TableSpec> tables);

  /**
   * Starts recording every write to {@code tables} of the database by primary key (idempotent;
   * cheap whatever the tables' size). Returns the position recording began at.
   */
  String startRecordingChanges(String database, List<String> tables);

  /** Whether the database records the writes to every one of {@code tables}. */
  boolean recordsChanges(String database, List<String> tables);

  /** Stops recording and removes what it added, the record included. Idempotent; nothing to do if it does not exist. */
  void stopRecordingChanges(String database);

  /** Net changes per key of each table since {@code since}; at most {@code listLimit} rows listed per table. */
  List<SwitchBackReport.TableChanges> changesSince(String database, List<String> tables, String since, int listLimit);

  /** How an operator reads the complete record of changes in the database. */
  String changeRecordQuery();

  /** Runs one query read-only and returns the first column of its first row, if any. */
  Optional<String> queryReadOnly(String database, String sql);

  /**
   * Creates {@code target} as a copy of {@code source}'s contents. Needs {@code source} to itself:
   * our pools on it are closed and its other sessions ended first. The copy carries none of
   * {@link #captureAttributes}: it is owned by the connecting user, with default privileges, no
   * comment and no settings of its own.
   */
  void copyDatabase(String source, String target);

  /** The database's owner, privileges, comment and per-database settings. */
  DatabaseAttributes captureAttributes(String database);

  /** Gives {@code database} exactly {@code attributes} (captured from another database). Idempotent. */
  void applyAttributes(String database, DatabaseAttributes attributes);

  /** How much disk the database takes now, in bytes. */
  long sizeBytes(String database);

  /** Drops a table of the database's default schema, if it exists. */
  void dropTable(String database, String table);
}
