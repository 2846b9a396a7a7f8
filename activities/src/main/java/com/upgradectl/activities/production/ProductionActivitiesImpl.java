package com.upgradectl.activities.production;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.copy.Heartbeat;
import com.upgradectl.activities.copy.KeepAliveHeartbeat;
import com.upgradectl.activities.copy.MappingException;
import com.upgradectl.activities.copy.TableCopier;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.TargetSchemaDatabase;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.activities.platform.SessionInfo;
import com.upgradectl.activities.platform.postgres.PostgresCopier;
import com.upgradectl.activities.platform.postgres.PostgresPlatform;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopier;
import com.upgradectl.activities.platform.sqlserver.SqlServerPlatform;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.pkg.PlatformScripts;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import com.upgradectl.workflows.pilot.ProductionSettings;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.MigrationResult;
import com.upgradectl.workflows.production.ProductionActivities;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionPreflight;
import com.upgradectl.workflows.production.ProductionVerification;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production upgrade's steps on the platform of the plan's profile. The safety copy is made
 * under a name derived from this upgrade, marked, blocked, and only then given its name, so that a
 * crash at any point leaves either nothing or something a retry recognises as its own. The package
 * is loaded afresh by every call and refused if its files changed since the upgrade started.
 */
public final class ProductionActivitiesImpl implements ProductionActivities {
  private static final Logger log = LoggerFactory.getLogger(ProductionActivitiesImpl.class);
  private static final String STAGING_PREFIX = "upgradectl_safety_";
  /** Well below any sensible heartbeat timeout; the SDK throttles what actually reaches the server. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
  private static final int CHECK_PARALLELISM = 2;

  private final DatabaseServers servers;
  private final PackageStore packages;
  private final CopyMetrics metrics;

  public ProductionActivitiesImpl(DatabaseServers servers, PackageStore packages, MeterRegistry meters) {
    this.servers = servers;
    this.packages = packages;
    this.metrics = new CopyMetrics(meters);
  }


  @Override
  public ProductionPreflight preflight(ProductionPlan plan) {
    return ProductionPreflightCheck.run(servers.of(plan.serverProfile()), packages, plan);
  }

  @Override
  public List<String> blockUsers(ProductionPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    List<SessionInfo> ended = server.freeze(plan.productionDatabase());
    log.info("blocked production database {} on profile {}; ended {} application session(s): {}",
        plan.productionDatabase(), plan.serverProfile(), ended.size(), ended);
    return ended.stream().map(SessionInfo::toString).toList();
  }

  @Override
  public void unblockUsers(ProductionPlan plan, ProductionSettings prior) {
    if (!plan.productionDatabase().equals(prior.database())) {
      throw Failures.badInput("settings captured for database " + prior.database()
          + " cannot be restored on production database " + plan.productionDatabase());
    }
    servers.of(plan.serverProfile()).unfreeze(prior);
  }



  /**
   * Planned against an empty database with the target schema, whose own side of the check is empty:
   * the expected side is production as the package maps it, which is what this returns on both sides.
   */
  /**
   * The copy is made under a staging name, marked and blocked (the application must never write into
   * it), then renamed: the safety copy's name only ever holds a complete, marked copy.
   */
  @Override
  public void createSafetyCopy(ProductionPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    heartbeating(heartbeat -> {
      SafetyCopies.of(server).create(plan);
      return null;
    });
  }

  @Override
  public void dropSafetyCopy(ProductionPlan plan) {
    SafetyCopies.of(servers.of(plan.serverProfile())).drop(plan);
  }

  @Override
  public List<TableCheck> mappedFingerprints(ProductionPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    UpgradePackage pkg = packages.load(plan.upgradePackage());
    PlatformScripts scripts = ProductionPreflightCheck.scriptsOf(pkg, server);
    return heartbeating(heartbeat -> TargetSchemaDatabase.with(server, scripts.schema(), ProductionPreflightCheck.scratchKey(plan), target -> {
      CopyJob job = job(database(plan, plan.productionDatabase()), database(plan, target), pkg, heartbeat);
      VerificationReport mapped = mapping(() -> copier(server).verify(job));
      return mapped.tables().stream().map(t -> new TableCheck(t.table(), t.expectedRows(), t.expectedRows(),
          t.expectedChecksum(), t.expectedChecksum(), t.columns())).toList();
    }));
  }

  @Override
  public MigrationResult migrate(ProductionPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    UpgradePackage pkg = packages.load(plan.upgradePackage());
    List<Path> migrations = ProductionPreflightCheck.scriptsOf(pkg, server).migrations();
    List<String> problems = FlywayMigrations.problems(pkg, migrations);
    if (!problems.isEmpty()) {
      throw Failures.badInput(String.join("; ", problems));
    }
    MigrationResult result = heartbeating(heartbeat -> FlywayMigrations.migrate(
        servers.connections().dataSource(plan.serverProfile(), plan.productionDatabase()), pkg, migrations));
    log.info("production database {} holds the migrations {}", plan.productionDatabase(), result.applied());
    return result;
  }

  @Override
  public ProductionVerification verifyUpgrade(ProductionPlan plan, List<TableCheck> before) {
    DatabaseServer server = servers.of(plan.serverProfile());
    UpgradePackage pkg = packages.load(plan.upgradePackage());
    PlatformScripts scripts = ProductionPreflightCheck.scriptsOf(pkg, server);
    String production = plan.productionDatabase();
    return heartbeating(heartbeat -> {
      List<String> differences = TargetSchemaDatabase.with(server, scripts.schema(), ProductionPreflightCheck.scratchKey(plan),
          target -> SchemaComparison.differences(server.tableShapes(target), server.tableShapes(production)));
      String detected = ProductionPreflightCheck.detectedVersion(server, production, pkg);
      CopyJob job = job(null, database(plan, production), pkg, heartbeat);
      VerificationReport now = copier(server).recheck(job, new VerificationReport(before));
      return new ProductionVerification(pkg.toVersion(), detected == null ? null : detected.trim(), differences,
          now.tables());
    });
  }

  @Override
  public void dropMigrationHistory(ProductionPlan plan) {
    servers.of(plan.serverProfile()).dropTable(plan.productionDatabase(), FlywayMigrations.HISTORY_TABLE);
  }

  /**
   * Where it may have stopped: nothing done yet (production and the safety copy exist), production
   * renamed aside (the safety copy and the failed name exist), the safety copy renamed (production and
   * the failed name exist, the safety copy does not). The restored production stays blocked until
   * the workflow unblocks it with production's own settings.
   */
  @Override
  public void restoreFromSafetyCopy(ProductionPlan plan, String failedDatabase, DatabaseAttributes attributes) {
    SafetyCopies.of(servers.of(plan.serverProfile())).restore(plan, failedDatabase, attributes);
  }


  // ---- helpers






  private CopyJob job(CopyJob.Database production, CopyJob.Database target, UpgradePackage pkg, Heartbeat heartbeat) {
    return new CopyJob(production, target, pkg.importedTables(), CHECK_PARALLELISM, CopySettings.defaults(),
        ProgressSink.NONE, heartbeat, metrics);
  }

  private CopyJob.Database database(ProductionPlan plan, String name) {
    return new CopyJob.Database(name, servers.connections().dataSource(plan.serverProfile(), name));
  }

  private static TableCopier copier(DatabaseServer server) {
    if (PostgresPlatform.NAME.equals(server.platform().name())) {
      return new PostgresCopier();
    }
    if (SqlServerPlatform.NAME.equals(server.platform().name())) {
      return new SqlServerCopier();
    }
    throw Failures.badInput("production upgrades on platform " + server.platform().name() + " are not supported yet");
  }

  private static <T> T mapping(Supplier<T> check) {
    try {
      return check.get();
    } catch (MappingException e) {
      throw CopyFailures.mapping(e);
    }
  }

  /**
   * Runs long statements while heartbeating from a thread of its own, so that the activity's heartbeat
   * timeout tells a dead worker; the work gets the heartbeat to hand to copier jobs, whose lanes run
   * on other threads than the activity's.
   */
  private static <T> T heartbeating(Function<Heartbeat, T> work) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    try (KeepAliveHeartbeat heartbeat = KeepAliveHeartbeat.start(context::heartbeat, KEEP_ALIVE)) {
      return work.apply(heartbeat);
    }
  }







}
