package com.upgradectl.activities.production;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.copy.KeepAliveHeartbeat;
import com.upgradectl.activities.copy.MappingException;
import com.upgradectl.activities.copy.TableCopier;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.DatabaseServer;
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
import com.upgradectl.pkg.schema.SchemaCheck;
import com.upgradectl.pkg.schema.TableShape;
import com.upgradectl.workflows.common.FailureTypes;
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
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
    DatabaseServer server = servers.of(plan.serverProfile());
    String production = plan.productionDatabase();
    String subject = "preflight of the production upgrade of " + production + " (profile " + plan.serverProfile() + ")";
    List<String> badNames = nameProblems(plan, server);
    if (!badNames.isEmpty()) {
      throw Failures.badInput(listed(subject, badNames));
    }
    UpgradePackage pkg = packages.load(plan.upgradePackage());
    PlatformScripts scripts = scriptsOf(pkg, server);
    List<String> packageProblems = new ArrayList<>(FlywayMigrations.problems(pkg, scripts.migrations()));

    List<String> preconditions = new ArrayList<>();
    server.freezeRefusal().ifPresent(preconditions::add);
    if (server.databaseExists(plan.safetyCopyDatabase())) {
      preconditions.add("safety copy name " + plan.safetyCopyDatabase() + " is taken: a database of that name exists on"
          + " profile " + plan.serverProfile() + " (if an earlier production upgrade left it, it may hold production as"
          + " it was: check " + production + " first, then rename or drop it)");
    }
    if (!server.databaseExists(production)) {
      preconditions.add("production database " + production + " does not exist on profile " + plan.serverProfile());
      packageProblems.addAll(preconditions);
      throw packageProblems.size() > preconditions.size() ? Failures.badInput(listed(subject, packageProblems))
          : Failures.precondition(listed(subject, preconditions));
    }
    String detected = detectedVersion(server, production, pkg);
    if (detected != null && !detected.trim().equals(pkg.fromVersion())) {
      preconditions.add("production database " + production + " is at version " + detected.trim() + ", but package "
          + pkg.name() + " upgrades from version " + pkg.fromVersion());
    }
    if (packageProblems.isEmpty()) {
      packageProblems.addAll(mappingProblems(server, pkg, scripts, production));
    }
    if (!packageProblems.isEmpty()) {
      packageProblems.addAll(preconditions);
      throw Failures.badInput(listed(subject, packageProblems));
    }
    if (!preconditions.isEmpty()) {
      throw Failures.precondition(listed(subject, preconditions));
    }
    List<String> sessions = server.sessions(production).stream()
        .filter(s -> s.client() && !s.ours()).map(SessionInfo::toString).toList();
    List<String> warnings = new ArrayList<>();
    if (detected == null) {
      warnings.add("package " + pkg.name() + " has no version query: production's version was not checked");
    }
    return new ProductionPreflight(server.platform().name(), detected == null ? null : detected.trim(), sessions,
        scripts.migrations().stream().map(p -> p.getFileName().toString()).toList(), failedName(server, production),
        server.captureSettings(production), server.captureAttributes(production), warnings);
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
   * The copy is made under a staging name, marked and blocked (the application must never write into
   * it), then renamed: the safety copy's name only ever holds a complete, marked copy.
   */
  @Override
  public void createSafetyCopy(ProductionPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    DatabaseMarker marker = DatabaseMarker.safetyCopyOf(plan);
    String safety = plan.safetyCopyDatabase();
    if (server.databaseExists(safety)) {
      requireMarked(server, safety, marker, "replace");
      log.info("dropping the safety copy {} left by an earlier attempt of this step, to copy production again", safety);
      server.dropDatabase(safety);
    }
    String staging = stagingName(marker);
    dropStaging(server, staging, marker);
    heartbeating(() -> {
      server.copyDatabase(plan.productionDatabase(), staging);
      return null;
    });
    server.writeMarker(staging, marker);
    server.freeze(staging);
    server.renameDatabase(staging, safety);
    log.info("made the safety copy {} of production database {}", safety, plan.productionDatabase());
  }

  @Override
  public void dropSafetyCopy(ProductionPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    DatabaseMarker marker = DatabaseMarker.safetyCopyOf(plan);
    if (server.databaseExists(plan.safetyCopyDatabase())) {
      requireMarked(server, plan.safetyCopyDatabase(), marker, "drop");
      server.dropDatabase(plan.safetyCopyDatabase());
    }
    dropStaging(server, stagingName(marker), marker);
  }

  /**
   * Planned against an empty database with the target schema, whose own side of the check is empty:
   * the expected side is production as the package maps it, which is what this returns on both sides.
   */
  @Override
  public List<TableCheck> mappedFingerprints(ProductionPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    UpgradePackage pkg = packages.load(plan.upgradePackage());
    PlatformScripts scripts = scriptsOf(pkg, server);
    return heartbeating(() -> TargetSchemaDatabase.with(server, scripts.schema(), target -> {
      CopyJob job = job(plan, database(plan, plan.productionDatabase()), database(plan, target), pkg);
      VerificationReport mapped = mapping(() -> copier(server).verify(job));
      return mapped.tables().stream().map(t -> new TableCheck(t.table(), t.expectedRows(), t.expectedRows(),
          t.expectedChecksum(), t.expectedChecksum(), t.columns())).toList();
    }));
  }

  @Override
  public MigrationResult migrate(ProductionPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    UpgradePackage pkg = packages.load(plan.upgradePackage());
    List<Path> migrations = scriptsOf(pkg, server).migrations();
    List<String> problems = FlywayMigrations.problems(pkg, migrations);
    if (!problems.isEmpty()) {
      throw Failures.badInput(String.join("; ", problems));
    }
    MigrationResult result = heartbeating(() -> FlywayMigrations.migrate(
        servers.connections().dataSource(plan.serverProfile(), plan.productionDatabase()), pkg, migrations));
    log.info("production database {} holds the migrations {}", plan.productionDatabase(), result.applied());
    return result;
  }

  @Override
  public ProductionVerification verifyUpgrade(ProductionPlan plan, List<TableCheck> before) {
    DatabaseServer server = servers.of(plan.serverProfile());
    UpgradePackage pkg = packages.load(plan.upgradePackage());
    PlatformScripts scripts = scriptsOf(pkg, server);
    String production = plan.productionDatabase();
    return heartbeating(() -> {
      List<String> differences = TargetSchemaDatabase.with(server, scripts.schema(),
          target -> SchemaComparison.differences(server.tableShapes(target), server.tableShapes(production)));
      String detected = detectedVersion(server, production, pkg);
      CopyJob job = job(plan, null, database(plan, production), pkg);
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
    DatabaseServer server = servers.of(plan.serverProfile());
    String production = plan.productionDatabase();
    String safety = plan.safetyCopyDatabase();
    server.validateName("failed database", failedDatabase);
    boolean productionExists = server.databaseExists(production);
    boolean failedExists = server.databaseExists(failedDatabase);
    if (server.databaseExists(safety)) {
      requireMarked(server, safety, DatabaseMarker.safetyCopyOf(plan), "restore production from");
      if (productionExists) {
        if (failedExists) {
          throw Failures.precondition("cannot rename the failed production " + production + " aside to "
              + failedDatabase + ": a database of that name exists; production is not restored, the safety copy "
              + safety + " is intact");
        }
        server.renameDatabase(production, failedDatabase);
        log.warn("renamed the failed production database {} to {}; it is kept for inspection", production,
            failedDatabase);
      }
      server.renameDatabase(safety, production);
    } else if (!(productionExists && failedExists)) {
      throw Failures.precondition("cannot restore production " + production + ": the safety copy " + safety
          + " does not exist" + (productionExists ? "" : ", nor does " + production) + "; nothing was changed");
    }
    server.freeze(production);
    server.applyAttributes(production, attributes);
    log.warn("restored production database {} from its safety copy; the failed one is {}", production,
        failedDatabase);
  }

  // ---- helpers

  private static List<String> nameProblems(ProductionPlan plan, DatabaseServer server) {
    List<String> problems = new ArrayList<>();
    checkName(server, "production database", plan.productionDatabase(), problems);
    checkName(server, "safety copy database", plan.safetyCopyDatabase(), problems);
    if (problems.isEmpty()) {
      try {
        plan.validated();
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private static void checkName(DatabaseServer server, String role, String name, List<String> problems) {
    try {
      server.validateName(role, name);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
  }

  /** The first {@code <production>_failed_<n>} free now, where a failed production would be renamed. */
  private static String failedName(DatabaseServer server, String production) {
    for (int n = 1; ; n++) {
      String name = production + "_failed_" + n;
      if (!server.databaseExists(name)) {
        try {
          return server.validateName("failed database", name);
        } catch (IllegalArgumentException e) {
          throw Failures.badInput("production database name " + production + " is too long to rename it aside if the"
              + " upgrade fails: " + e.getMessage());
        }
      }
    }
  }

  private static String detectedVersion(DatabaseServer server, String production, UpgradePackage pkg) {
    if (pkg.versionQuery() == null || pkg.versionQuery().isBlank()) {
      return null;
    }
    return server.queryReadOnly(production, pkg.versionQuery()).orElse("(no row)");
  }

  /** The package's mappings against production and the target schema, before anything is changed. */
  private static List<String> mappingProblems(DatabaseServer server, UpgradePackage pkg, PlatformScripts scripts,
      String production) {
    List<TableShape> source = server.tableShapes(production);
    try {
      return TargetSchemaDatabase.with(server, scripts.schema(), target ->
          SchemaCheck.problems(pkg, server.tableShapes(target), source).stream()
              .map(Object::toString).toList());
    } catch (ApplicationFailure e) {
      if (!FailureTypes.BAD_INPUT.equals(e.getType())) {
        throw e;
      }
      return List.of("the target schema scripts fail on an empty database: " + e.getOriginalMessage());
    }
  }

  private CopyJob job(ProductionPlan plan, CopyJob.Database production, CopyJob.Database target, UpgradePackage pkg) {
    return new CopyJob(production, target, pkg.importedTables(), CHECK_PARALLELISM, CopySettings.defaults(),
        ProgressSink.NONE, checkpoint -> Activity.getExecutionContext().heartbeat(null), metrics);
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

  /** Runs long statements while heartbeating, so that the activity's heartbeat timeout tells a dead worker. */
  private static <T> T heartbeating(Supplier<T> work) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    try (KeepAliveHeartbeat heartbeat = KeepAliveHeartbeat.start(context::heartbeat, KEEP_ALIVE)) {
      return work.get();
    }
  }

  private static PlatformScripts scriptsOf(UpgradePackage pkg, DatabaseServer server) {
    try {
      return pkg.scriptsFor(server.platform().name());
    } catch (IllegalArgumentException e) {
      throw Failures.badInput(e.getMessage());
    }
  }

  private static void requireMarked(DatabaseServer server, String database, DatabaseMarker marker, String action) {
    Optional<String> label = server.readLabel(database);
    if (!marker.isOn(label)) {
      throw Failures.precondition("refusing to " + action + " database " + database + " on profile " + server.profile()
          + ": it is not this upgrade's safety copy (its label is " + label.map(l -> "'" + l + "'").orElse("empty")
          + ", expected '" + marker.text() + "')");
    }
  }

  /** A name only this upgrade uses for making its safety copy: the marker's hash. */
  private static String stagingName(DatabaseMarker marker) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(marker.text().getBytes(StandardCharsets.UTF_8));
      return STAGING_PREFIX + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /**
   * Drops this upgrade's staging copy left by a crash. Unlabelled counts as ours: the crash may have
   * come between copying and labelling, and its name is derived from this upgrade.
   */
  private static void dropStaging(DatabaseServer server, String staging, DatabaseMarker marker) {
    if (!server.databaseExists(staging)) {
      return;
    }
    Optional<String> label = server.readLabel(staging);
    if (label.isPresent() && !marker.isOn(label)) {
      throw Failures.precondition("database " + staging + " on profile " + server.profile() + " has the name this"
          + " upgrade uses for making its safety copy, but another label ('" + label.get() + "'); it is left alone");
    }
    server.dropDatabase(staging);
  }

  private static String listed(String subject, List<String> problems) {
    StringBuilder sb = new StringBuilder(subject).append(" found ").append(problems.size())
        .append(problems.size() == 1 ? " problem; nothing was changed:" : " problems; nothing was changed:");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }
}
