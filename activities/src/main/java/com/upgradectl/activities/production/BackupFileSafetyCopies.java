package com.upgradectl.activities.production;

import com.upgradectl.activities.platform.Failures;
import com.upgradectl.activities.platform.sqlserver.SafetyCopy;
import com.upgradectl.activities.platform.sqlserver.SqlServerGuardrails;
import com.upgradectl.activities.platform.sqlserver.SqlServerGuardrails.BackupSpace;
import com.upgradectl.activities.platform.sqlserver.SqlServerServer;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.ProductionPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety copy as a copy-only backup file in the profile's backup directory, named
 * {@code <production>-<safety copy name>.bak}: SQL Server's way. Production keeps its name and its
 * files; a restore is {@code RESTORE ... WITH REPLACE} over it, after the failed state was backed up
 * to {@code <production>-<failed name>.bak} for inspection.
 */
final class BackupFileSafetyCopies implements SafetyCopies {
  private static final Logger log = LoggerFactory.getLogger(BackupFileSafetyCopies.class);
  /** A transaction open longer than this is named: ending it at the block rolls its work back. */
  static final Duration LONG_TRANSACTION = Duration.ofSeconds(60);
  private static final long MB = 1024 * 1024;

  private final SqlServerServer server;

  BackupFileSafetyCopies(SqlServerServer server) {
    this.server = server;
  }

  @Override
  public String describe(ProductionPlan plan) {
    return "backup file " + server.backupFileFor(plan.productionDatabase(), plan.safetyCopyDatabase())
        .orElse("(none: profile " + plan.serverProfile() + " has no backupDirectory)");
  }

  @Override
  public String describeFailed(ProductionPlan plan, String failedDatabase) {
    return "backup file " + server.backupFileFor(plan.productionDatabase(), failedDatabase).orElse("(none)")
        + " (production as the failed upgrade left it, backed up before the restore over it)";
  }

  @Override
  public List<String> preconditions(ProductionPlan plan) {
    String production = plan.productionDatabase();
    var file = server.backupFileFor(production, plan.safetyCopyDatabase());
    if (file.isEmpty()) {
      return List.of("profile " + plan.serverProfile() + " has no backupDirectory: on SQL Server the safety copy is a"
          + " backup file written there; set one in the worker configuration (a directory the server's service"
          + " account can write)");
    }
    List<String> problems = new ArrayList<>();
    SqlServerServer.copyNameRefusal(plan.safetyCopyDatabase()).ifPresent(problems::add);
    if (server.backupFileExists(file.get())) {
      problems.add("backup file " + file.get() + " exists (an earlier upgrade's safety copy?); it would be"
          + " overwritten: move it away or choose another safety copy name");
    }
    if (!server.databaseExists(production)) {
      return problems;
    }
    SqlServerGuardrails guardrails = server.guardrails(production, LONG_TRANSACTION);
    if (!"ONLINE".equals(guardrails.state())) {
      problems.add("production database " + production + " is " + guardrails.state() + ", not ONLINE");
    }
    BackupSpace space = guardrails.backupSpace();
    if (space != null && space.known() && !space.sufficient()) {
      problems.add("only " + space.availableBytes() / MB + " MB are free on " + space.volume() + " for the safety copy"
          + " in " + space.directory() + "; it may need up to " + space.estimatedBytes() / MB + " MB (the data files)");
    }
    return problems;
  }

  @Override
  public List<String> warnings(ProductionPlan plan) {
    String production = plan.productionDatabase();
    SqlServerGuardrails guardrails = server.guardrails(production, LONG_TRANSACTION);
    List<String> warnings = new ArrayList<>();
    warnings.add("the safety copy is " + describe(plan) + ": BACKUP DATABASE ... WITH COPY_ONLY, CHECKSUM (compressed"
        + " where the edition allows), verified; a restore is RESTORE ... WITH REPLACE over " + production);
    warnings.add("production database " + production + " is " + guardrails.state() + ", " + guardrails.userAccess()
        + (guardrails.readOnly() ? ", READ_ONLY" : ", READ_WRITE") + ", recovery model " + guardrails.recoveryModel()
        + ("FULL".equals(guardrails.recoveryModel()) || "BULK_LOGGED".equals(guardrails.recoveryModel())
            ? " (the copy-only backup leaves the log backup chain as it is)" : ""));
    BackupSpace space = guardrails.backupSpace();
    if (space != null && space.sufficient()) {
      warnings.add("the safety copy needs up to " + space.estimatedBytes() / MB + " MB; " + space.availableBytes() / MB
          + " MB are free on " + space.volume());
    }
    for (String problem : guardrails.problems()) {
      if (space == null || !problem.startsWith("only ")) {
        warnings.add(problem);
      }
    }
    return warnings;
  }

  @Override
  public void create(ProductionPlan plan) {
    SafetyCopy copy = server.createSafetyCopy(plan.productionDatabase(), plan.safetyCopyDatabase());
    log.info("safety copy of production database {} is the backup file {}", copy.database(), copy.location());
  }

  @Override
  public void drop(ProductionPlan plan) {
    server.deleteBackupFile(file(plan, plan.safetyCopyDatabase()));
  }

  /**
   * RESTORE over production from the safety copy, then blocked again (a backup brings back the state
   * it was taken in, and an earlier attempt may have left production open) and given its attributes.
   */
  @Override
  public void restore(ProductionPlan plan, String failedDatabase, DatabaseAttributes attributes) {
    String production = plan.productionDatabase();
    String file = file(plan, plan.safetyCopyDatabase());
    if (!server.backupFileExists(file)) {
      throw Failures.precondition("cannot restore production " + production + ": its safety copy " + file
          + " cannot be read by the server; nothing was changed");
    }
    server.validateName("failed database", failedDatabase);
    server.restoreOverFailed(new SafetyCopy(production, file, null, false), file(plan, failedDatabase));
    server.freeze(production);
    server.applyAttributes(production, attributes);
    log.warn("restored production database {} from its safety copy {}", production, file);
  }

  private String file(ProductionPlan plan, String copyName) {
    return server.backupFileFor(plan.productionDatabase(), copyName).orElseThrow(() -> Failures.precondition(
        "profile " + plan.serverProfile() + " has no backupDirectory: the safety copy of " + plan.productionDatabase()
            + " cannot be found"));
  }
}
