package com.upgradectl.activities.pilot;

import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.activities.platform.SessionInfo;
import com.upgradectl.activities.platform.sqlserver.SqlServerServer;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.ProductionSettings;
import com.upgradectl.workflows.pilot.SwitchActivities;
import com.upgradectl.workflows.pilot.SwitchGuardrails;
import com.upgradectl.workflows.pilot.WriteCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server-level steps of the switch, on the platform of the plan's profile. */
public final class SwitchActivitiesImpl implements SwitchActivities {
  /** How long a disconnected session may still be listed by the server before it is gone. */
  private static final java.time.Duration CLOSING_SESSIONS_PAUSE = java.time.Duration.ofSeconds(1);
  /** A transaction open longer than this on production blocks the switch: freezing would kill it. */
  public static final Duration DEFAULT_LONG_TRANSACTION_THRESHOLD = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(SwitchActivitiesImpl.class);

  private final DatabaseServers servers;
  private final Duration longTransactionThreshold;

  public SwitchActivitiesImpl(DatabaseServers servers) {
    this(servers, DEFAULT_LONG_TRANSACTION_THRESHOLD);
  }

  public SwitchActivitiesImpl(DatabaseServers servers, Duration longTransactionThreshold) {
    if (longTransactionThreshold == null || longTransactionThreshold.isNegative()) {
      throw new IllegalArgumentException("longTransactionThreshold must be zero or more, was " + longTransactionThreshold);
    }
    this.servers = servers;
    this.longTransactionThreshold = longTransactionThreshold;
  }

  private static void pauseForClosingSessions() {
    try {
      Thread.sleep(CLOSING_SESSIONS_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public SwitchGuardrails checkSwitchGuardrails(PilotPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    String production = plan.productionDatabase();
    List<String> refusals = new ArrayList<>();
    List<String> toBeEnded = new ArrayList<>();
    if (!server.databaseExists(production)) {
      refusals.add("production database " + production + " does not exist on profile " + plan.serverProfile());
    } else {
      List<SessionInfo> sessions = server.sessions(production);
      if (FreezeExemptSessions.problem(production, sessions).isPresent()) {
        // a session that has just disconnected is still listed for a moment: look once more before refusing
        pauseForClosingSessions();
        sessions = server.sessions(production);
      }
      FreezeExemptSessions.problem(production, sessions).ifPresent(refusals::add);
      for (SessionInfo session : sessions) {
        if (session.client() && session.transactionAge() != null
            && session.transactionAge().compareTo(longTransactionThreshold) >= 0) {
          refusals.add("a transaction has been open on production database " + production + " for "
              + session.transactionAge().toSeconds() + " s (more than " + longTransactionThreshold.toSeconds()
              + " s); the freeze would end it: " + session);
        }
        if (session.client() && !session.ours()) {
          toBeEnded.add(session.toString());
        }
      }
    }
    server.freezeRefusal().ifPresent(refusals::add);
    pilotRefusal(server, plan).ifPresent(refusals::add);
    if (server.databaseExists(plan.archiveDatabase())) {
      refusals.add("archive database name " + plan.archiveDatabase() + " is taken: a database of that name exists on"
          + " profile " + plan.serverProfile());
    }
    if (plan.switchBackGraceMinutes() > 0 && server.databaseExists(plan.switchedBackDatabase())) {
      refusals.add("switched-back database name " + plan.switchedBackDatabase() + " is taken: a database of that name"
          + " exists on profile " + plan.serverProfile() + " (left by an earlier upgrade?); a switch-back would need"
          + " it. Drop or rename it, or choose another name with --switched-back-name");
    }
    return new SwitchGuardrails(refusals, toBeEnded);
  }

  @Override
  public ProductionSettings captureProductionSettings(PilotPlan plan) {
    return servers.of(plan.serverProfile()).captureSettings(plan.productionDatabase());
  }

  @Override
  public WriteCounters freezeProduction(PilotPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    List<SessionInfo> ended = server.freeze(plan.productionDatabase());
    log.info("froze production database {} on profile {}; ended {} session(s)", plan.productionDatabase(),
        plan.serverProfile(), ended.size());
    return server.writeCounters(plan.productionDatabase());
  }

  @Override
  public void unfreezeProduction(PilotPlan plan, ProductionSettings prior) {
    if (!plan.productionDatabase().equals(prior.database())) {
      throw Failures.badInput("settings captured for database " + prior.database()
          + " cannot be restored on production database " + plan.productionDatabase());
    }
    servers.of(plan.serverProfile()).unfreeze(prior);
  }

  /**
   * A session still on frozen production got in despite the freeze (superusers can); it is ended
   * first, because a session reports its writes to the statistics lazily, at the latest when it ends.
   */
  @Override
  public void assertNoWritesSince(PilotPlan plan, WriteCounters atFreeze) {
    DatabaseServer server = servers.of(plan.serverProfile());
    List<SessionInfo> intruders = server.endApplicationSessions(plan.productionDatabase());
    WriteCounters now = server.writeCounters(plan.productionDatabase());
    List<String> moved = new ArrayList<>();
    TreeSet<String> tables = new TreeSet<>(atFreeze.writesByTable().keySet());
    tables.addAll(now.writesByTable().keySet());
    for (String table : tables) {
      long before = atFreeze.writesByTable().getOrDefault(table, 0L);
      long after = now.writesByTable().getOrDefault(table, 0L);
      if (before != after) {
        moved.add(table + " (write counter " + before + " -> " + after + ")");
      }
    }
    if (!moved.isEmpty()) {
      throw Failures.verification("writes reached production database " + plan.productionDatabase()
          + " after it was frozen, in " + moved.size() + " table(s): " + String.join(", ", moved)
          + (intruders.isEmpty() ? "" : "; sessions found on it since the freeze: " + intruders));
    }
  }

  @Override
  public void renameDatabase(DatabaseRef from, String to) {
    DatabaseServer server = servers.of(from.serverProfile());
    try {
      server.validateName("new database", to);
    } catch (IllegalArgumentException e) {
      throw Failures.badInput(e.getMessage());
    }
    server.renameDatabase(from.database(), to);
    if (server instanceof SqlServerServer sqlServer) {
      reportFiles(sqlServer, from.serverProfile(), to);
    }
  }

  /**
   * SQL Server renames leave logical and physical file names as they were (production now lives in
   * the pilot's files): the operator is told which. A failure to list them does not undo the rename.
   */
  private static void reportFiles(SqlServerServer server, String profile, String database) {
    try {
      log.info("database {} on profile {} keeps its files as they were named: {}", database, profile,
          server.databaseFiles(database));
    } catch (RuntimeException e) {
      log.warn("could not list the files of database {} on profile {}: {}", database, profile, e.getMessage());
    }
  }

  @Override
  public void takeOffline(DatabaseRef database) {
    servers.of(database.serverProfile()).takeOffline(database.database());
  }

  @Override
  public void bringOnline(DatabaseRef database) {
    servers.of(database.serverProfile()).bringOnline(database.database());
  }

  private static Optional<String> pilotRefusal(DatabaseServer server, PilotPlan plan) {
    if (!server.databaseExists(plan.pilotDatabase())) {
      return Optional.of("pilot database " + plan.pilotDatabase() + " does not exist on profile " + plan.serverProfile());
    }
    DatabaseMarker marker = DatabaseMarker.pilotOf(plan);
    Optional<String> label = server.readLabel(plan.pilotDatabase());
    if (!marker.isOn(label)) {
      return Optional.of("database " + plan.pilotDatabase() + " on profile " + plan.serverProfile()
          + " is not this upgrade's pilot (its label is " + label.map(l -> "'" + l + "'").orElse("empty") + ")");
    }
    return Optional.empty();
  }
}
