package com.upgradectl.activities.production;

import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.TargetSchemaDatabase;
import com.upgradectl.activities.platform.Failures;
import com.upgradectl.activities.platform.SessionInfo;
import com.upgradectl.pkg.PlatformScripts;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.schema.SchemaCheck;
import com.upgradectl.pkg.schema.TableShape;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import com.upgradectl.workflows.production.ProductionPreflight;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The production upgrade's preflight: every problem found at once, nothing changed (a scratch
 * database with the target schema comes and goes). Captures what unblocking and a restore need.
 */
final class ProductionPreflightCheck {
  private ProductionPreflightCheck() {}

  static ProductionPreflight run(DatabaseServer server, PackageStore packages, ProductionPlan plan) {
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
    SafetyCopies copies = SafetyCopies.of(server);
    preconditions.addAll(copies.preconditions(plan));
    if (!server.databaseExists(production)) {
      preconditions.add("production database " + production + " does not exist on profile " + plan.serverProfile());
      throw refusal(subject, packageProblems, preconditions);
    }
    String detected = detectedVersion(server, production, pkg);
    if (detected != null && !detected.trim().equals(pkg.fromVersion())) {
      preconditions.add("production database " + production + " is at version " + detected.trim() + ", but package "
          + pkg.name() + " upgrades from version " + pkg.fromVersion());
    }
    if (packageProblems.isEmpty()) {
      packageProblems.addAll(mappingProblems(server, pkg, scripts, plan));
    }
    if (!packageProblems.isEmpty() || !preconditions.isEmpty()) {
      throw refusal(subject, packageProblems, preconditions);
    }
    List<String> sessions = server.sessions(production).stream()
        .filter(s -> s.client() && !s.ours()).map(SessionInfo::toString).toList();
    List<String> warnings = new ArrayList<>();
    if (detected == null) {
      warnings.add("package " + pkg.name() + " has no version query: production's version was not checked");
    }
    warnings.addAll(copies.warnings(plan));
    String failed = failedName(server, production);
    return new ProductionPreflight(server.platform().name(), detected == null ? null : detected.trim(), sessions,
        scripts.migrations().stream().map(p -> p.getFileName().toString()).toList(), failed,
        server.captureSettings(production), server.captureAttributes(production), warnings, copies.describe(plan),
        copies.describeFailed(plan, failed));
  }

  private static List<String> nameProblems(ProductionPlan plan, DatabaseServer server) {
    List<String> problems = new ArrayList<>(server.nameProblems("production database", plan.productionDatabase(),
        "safety copy database", plan.safetyCopyDatabase()));
    if (problems.isEmpty()) {
      try {
        plan.validated();
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
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

  /** The package's mappings against production and the target schema, before anything is changed. */
  private static List<String> mappingProblems(DatabaseServer server, UpgradePackage pkg, PlatformScripts scripts,
      ProductionPlan plan) {
    String production = plan.productionDatabase();
    List<TableShape> source = server.tableShapes(production);
    try {
      return TargetSchemaDatabase.with(server, scripts.schema(), scratchKey(plan), target ->
          SchemaCheck.problems(pkg, server.tableShapes(target), source).stream()
              .map(Object::toString).toList());
    } catch (ApplicationFailure e) {
      if (!FailureTypes.BAD_INPUT.equals(e.getType())) {
        throw e;
      }
      return List.of("the target schema scripts fail on an empty database: " + e.getOriginalMessage());
    }
  }

  /** Every problem at once; BadInput when the package or a name is at fault, else PreconditionFailed. */
  private static ApplicationFailure refusal(String subject, List<String> packageProblems, List<String> preconditions) {
    if (packageProblems.isEmpty()) {
      return Failures.precondition(listed(subject, preconditions));
    }
    List<String> all = new ArrayList<>(packageProblems);
    all.addAll(preconditions);
    return Failures.badInput(listed(subject, all));
  }

  private static String listed(String subject, List<String> problems) {
    StringBuilder sb = new StringBuilder(subject).append(" found ").append(problems.size())
        .append(problems.size() == 1 ? " problem; nothing was changed:" : " problems; nothing was changed:");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }

  /** The package's version query on production, read-only; null when the package has none. */
  static String detectedVersion(DatabaseServer server, String production, UpgradePackage pkg) {
    if (pkg.versionQuery() == null || pkg.versionQuery().isBlank()) {
      return null;
    }
    return server.queryReadOnly(production, pkg.versionQuery()).orElse("(no row)");
  }

  static PlatformScripts scriptsOf(UpgradePackage pkg, DatabaseServer server) {
    try {
      return pkg.scriptsFor(server.platform().name());
    } catch (IllegalArgumentException e) {
      throw Failures.badInput(e.getMessage());
    }
  }

  /** What this upgrade's scratch databases are named after: one upgrade per production at a time. */
  static String scratchKey(ProductionPlan plan) {
    return ProductionWorkflowIds.of(plan.serverProfile(), plan.productionDatabase());
  }
}
