package com.upgradectl.activities.pilot;

import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.TargetSchemaDatabase;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.pkg.PlatformScripts;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.schema.SchemaCheck;
import com.upgradectl.pkg.schema.TableShape;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.pilot.PreflightReport;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preflight and the pilot database's own life: created under a name derived from this upgrade,
 * marked, given the target schema, and only then renamed to the pilot name, so that a crash at any
 * point leaves either nothing or something a retry recognises as its own.
 */
public final class PilotDatabaseActivitiesImpl implements PilotDatabaseActivities {
  private static final Logger log = LoggerFactory.getLogger(PilotDatabaseActivitiesImpl.class);
  private static final String STAGING_PREFIX = "upgradectl_new_";
  private static final String STAGING_PURPOSE = "creating its pilot";
  private static final String PILOT = "this upgrade's pilot";

  private final DatabaseServers servers;
  private final PackageStore packages;

  public PilotDatabaseActivitiesImpl(DatabaseServers servers, PackageStore packages) {
    this.servers = servers;
    this.packages = packages;
  }

  @Override
  public PreflightReport preflight(PilotPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    String subject = "preflight of the pilot upgrade of " + plan.productionDatabase() + " (profile "
        + plan.serverProfile() + ")";
    List<String> badNames = nameProblems(plan, server);
    if (!badNames.isEmpty()) {
      throw Failures.badInput(listed(subject, badNames));
    }
    UpgradePackage pkg = packages.load(plan.upgradePackage());
    PlatformScripts scripts = scriptsOf(pkg, server);

    List<String> preconditions = new ArrayList<>();
    boolean productionExists = server.databaseExists(plan.productionDatabase());
    if (!productionExists) {
      preconditions.add("production database " + plan.productionDatabase() + " does not exist on profile "
          + plan.serverProfile());
    }
    if (server.databaseExists(plan.pilotDatabase())) {
      preconditions.add("pilot database name " + plan.pilotDatabase() + " is taken: a database of that name exists on"
          + " profile " + plan.serverProfile());
    }
    if (server.databaseExists(plan.archiveDatabase())) {
      preconditions.add("archive database name " + plan.archiveDatabase() + " is taken: a database of that name exists"
          + " on profile " + plan.serverProfile());
    }
    if (plan.switchBackGraceMinutes() > 0 && server.databaseExists(plan.switchedBackDatabase())) {
      preconditions.add("switched-back database name " + plan.switchedBackDatabase() + " is taken: a database of that name"
          + " exists on profile " + plan.serverProfile() + " (left by an earlier upgrade?); a switch-back would need"
          + " it. Drop or rename it, or choose another name with --switched-back-name");
    }
    if (!productionExists) {
      throw Failures.precondition(listed(subject, preconditions));
    }
    String detectedVersion = checkVersion(server, plan, pkg, preconditions);

    List<String> packageProblems = new ArrayList<>();
    List<TableShape> target = targetSchema(server, plan, scripts.schema(), packageProblems);
    List<TableShape> source = server.tableShapes(plan.productionDatabase());
    if (packageProblems.isEmpty()) {
      SchemaCheck.problems(pkg, target, source).forEach(p -> packageProblems.add(p.toString()));
    }
    if (!packageProblems.isEmpty()) {
      packageProblems.addAll(preconditions);
      throw Failures.badInput(listed(subject, packageProblems));
    }
    server.changeCaptureRefusals(plan.productionDatabase(), pkg.tablesOf(TableClass.DATA))
        .forEach(missing -> preconditions.add("change capture of production's data tables needs " + missing));
    if (!preconditions.isEmpty()) {
      throw Failures.precondition(listed(subject, preconditions));
    }
    return report(server, plan, pkg, source, detectedVersion);
  }

  @Override
  public void createPilotDatabase(PilotPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    requireValidNames(plan, server);
    List<Path> schema = scriptsOf(packages.load(plan.upgradePackage()), server).schema();
    DatabaseMarker marker = DatabaseMarker.pilotOf(plan);
    String pilot = plan.pilotDatabase();
    if (server.databaseExists(pilot)) {
      marker.requireOn(server, pilot, "replace", PILOT);
      log.info("dropping pilot {} left by an earlier attempt of this upgrade, to create it again", pilot);
      server.dropDatabase(pilot);
    }
    String staging = marker.derivedName(STAGING_PREFIX);
    marker.dropLeftover(server, staging, STAGING_PURPOSE);
    server.createDatabase(staging);
    server.writeMarker(staging, marker);
    try {
      server.runScripts(staging, schema);
    } catch (RuntimeException e) {
      dropAfterFailure(server, staging, e);
      throw e;
    }
    server.renameDatabase(staging, pilot);
    log.info("created pilot {} with the schema of version {}", pilot, plan.upgradePackage().toVersion());
  }

  @Override
  public void runPilotModeStatements(PilotPlan plan) {
    runInOurPilot(plan, plan.pilotDatabase(), PlatformScripts::pilotMode, "run pilot-mode statements in");
  }

  /** The pilot now carries production's name; its marker tells it from the old production. */
  @Override
  public void runPostSwitchStatements(PilotPlan plan) {
    runInOurPilot(plan, plan.productionDatabase(), PlatformScripts::postSwitch, "run post-switch statements in");
  }

  @Override
  public void dropPilotDatabase(PilotPlan plan) {
    DatabaseServer server = servers.of(plan.serverProfile());
    requireValidNames(plan, server);
    DatabaseMarker marker = DatabaseMarker.pilotOf(plan);
    if (server.databaseExists(plan.pilotDatabase())) {
      marker.requireOn(server, plan.pilotDatabase(), "drop", PILOT);
      server.dropDatabase(plan.pilotDatabase());
    }
    marker.dropLeftover(server, marker.derivedName(STAGING_PREFIX), STAGING_PURPOSE);
  }

  private void runInOurPilot(PilotPlan plan, String database, Function<PlatformScripts, List<Path>> which,
      String action) {
    DatabaseServer server = servers.of(plan.serverProfile());
    List<Path> statements = which.apply(scriptsOf(packages.load(plan.upgradePackage()), server));
    DatabaseMarker.pilotOf(plan).requireOn(server, database, action, PILOT);
    server.runScripts(database, statements);
  }

  // ---- preflight parts

  private static List<String> nameProblems(PilotPlan plan, DatabaseServer server) {
    List<String> problems = new ArrayList<>(server.nameProblems("production database", plan.productionDatabase(),
        "pilot database", plan.pilotDatabase(), "archive database", plan.archiveDatabase()));
    if (problems.isEmpty()) {
      try {
        plan.validated();
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private static void requireValidNames(PilotPlan plan, DatabaseServer server) {
    List<String> problems = nameProblems(plan, server);
    if (!problems.isEmpty()) {
      throw Failures.badInput(String.join("; ", problems));
    }
  }

  /** The package's version query, read-only on production; absent query = not checked (a warning). */
  private static String checkVersion(DatabaseServer server, PilotPlan plan, UpgradePackage pkg,
      List<String> preconditions) {
    if (pkg.versionQuery() == null || pkg.versionQuery().isBlank()) {
      return null;
    }
    String detected = server.queryReadOnly(plan.productionDatabase(), pkg.versionQuery()).orElse(null);
    if (detected == null || !detected.trim().equals(pkg.fromVersion())) {
      preconditions.add("production database " + plan.productionDatabase() + " is at version " + detected
          + ", but package " + pkg.name() + " upgrades from version " + pkg.fromVersion());
    }
    return detected;
  }

  /**
   * The tables the package's schema scripts create, read from a throw-away database that is always
   * dropped (one a crashed worker left is dropped by the next preflight of the same upgrade). A
   * failing script is a problem of the package.
   */
  private static List<TableShape> targetSchema(DatabaseServer server, PilotPlan plan, List<Path> scripts,
      List<String> problems) {
    try {
      return TargetSchemaDatabase.with(server, scripts, PilotWorkflowIds.of(plan.serverProfile(),
          plan.productionDatabase()), server::tableShapes);
    } catch (ApplicationFailure e) {
      if (!FailureTypes.BAD_INPUT.equals(e.getType())) {
        throw e;
      }
      problems.add("the target schema scripts fail on an empty database: " + e.getOriginalMessage());
      return List.of();
    }
  }

  private static PreflightReport report(DatabaseServer server, PilotPlan plan, UpgradePackage pkg,
      List<TableShape> source, String detectedVersion) {
    Map<String, Long> estimates = server.estimatedRows(plan.productionDatabase());
    long rows = pkg.importedTables().stream()
        .map(PilotDatabaseActivitiesImpl::sourceOf)
        .distinct()
        .mapToLong(table -> estimates.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(table))
            .mapToLong(Map.Entry::getValue)
            .sum())
        .sum();
    List<String> warnings = new ArrayList<>();
    if (detectedVersion == null) {
      warnings.add("package " + pkg.name() + " has no version query: production's version was not checked");
    }
    FreezeExemptSessions.problem(plan.productionDatabase(), server.sessions(plan.productionDatabase()))
        .ifPresent(problem -> warnings.add(problem + "; the switch will be refused while they are"));
    for (String table : SchemaCheck.droppedSourceTables(pkg, source)) {
      warnings.add("production table " + table + " is not read by the package: its rows will not reach version "
          + pkg.toVersion());
    }
    return new PreflightReport(server.platform().name(), detectedVersion, names(pkg, TableClass.CONFIGURATION),
        names(pkg, TableClass.DATA), rows, warnings);
  }

  // ---- helpers

  private static PlatformScripts scriptsOf(UpgradePackage pkg, DatabaseServer server) {
    try {
      return pkg.scriptsFor(server.platform().name());
    } catch (IllegalArgumentException e) {
      throw Failures.badInput(e.getMessage());
    }
  }

  /** Where this upgrade creates its pilot before giving it the pilot's name. */
  static String stagingNameOf(PilotPlan plan) {
    return DatabaseMarker.pilotOf(plan).derivedName(STAGING_PREFIX);
  }

  private static void dropAfterFailure(DatabaseServer server, String database, RuntimeException failure) {
    try {
      server.dropDatabase(database);
    } catch (RuntimeException dropFailure) {
      failure.addSuppressed(dropFailure);
    }
  }

  private static String sourceOf(TableSpec spec) {
    return spec.sourceTable() != null ? spec.sourceTable() : spec.name();
  }

  private static List<String> names(UpgradePackage pkg, TableClass tableClass) {
    return pkg.tablesOf(tableClass).stream().map(TableSpec::name).toList();
  }

  private static String listed(String subject, List<String> problems) {
    StringBuilder sb = new StringBuilder(subject).append(" found ").append(problems.size())
        .append(problems.size() == 1 ? " problem; nothing was changed:" : " problems; nothing was changed:");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }
}
