package com.upgradectl.activities.pilot;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.Connections;
import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.copy.KeepAliveHeartbeat;
import com.upgradectl.activities.copy.MappingException;
import com.upgradectl.activities.copy.TableCopier;
import com.upgradectl.activities.platform.postgres.PostgresCopier;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopier;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.ProgressGauges;
import com.upgradectl.activities.progress.ProgressHeartbeat;
import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.activities.progress.WorkflowProgressSink;
import com.upgradectl.pkg.InvalidPackageException;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.common.PendingChanges;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.TableScope;
import com.upgradectl.workflows.common.VerificationReport;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Moves rows from production into the pilot and proves they arrived, through the platform's {@link
 * TableCopier}. Idempotency keys: the pilot's own rows (import, resync), nothing (the read-only
 * checks). The package is loaded afresh by every call and refused if its files changed since the
 * upgrade started.
 */
public final class DataCopyActivitiesImpl implements DataCopyActivities {
  /** Well below any sensible heartbeat timeout; the SDK throttles what actually reaches the server. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

  private final Connections connections;
  private final Function<PackageRef, UpgradePackage> packages;
  private final ProgressSinkFactory progress;
  private final CopyMetrics metrics;
  private final CopySettings settings;

  /**
   * @param packages loads (and validates) the package a PackageRef points at
   * @param progress where each execution reports its progress
   */
  public DataCopyActivitiesImpl(Connections connections, Function<PackageRef, UpgradePackage> packages,
      ProgressSinkFactory progress, MeterRegistry meters, CopySettings settings) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.packages = Objects.requireNonNull(packages, "packages");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.metrics = new CopyMetrics(Objects.requireNonNull(meters, "meters"));
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The worker's wiring: progress signalled to the activity's own workflow, default chunk size. */
  public DataCopyActivitiesImpl(Connections connections, Function<PackageRef, UpgradePackage> packages,
      WorkflowClient client, MeterRegistry meters) {
    this(connections, packages, WorkflowProgressSink.factory(client), meters, CopySettings.defaults());
  }

  @Override
  public CopyResult importAllTables(PilotPlan plan) {
    return measured(plan, "import", () -> {
      UpgradePackage pkg = load(plan.upgradePackage());
      return withJob(plan, "import", pkg.importedTables(), true, (copier, job) -> copier.importTables(job));
    });
  }

  @Override
  public CopyResult resyncDataTables(PilotPlan plan) {
    return measured(plan, "resync", () -> {
      UpgradePackage pkg = load(plan.upgradePackage());
      return withJob(plan, "resync", pkg.tablesOf(TableClass.DATA), true, (copier, job) -> copier.refreshTables(job, false));
    });
  }

  @Override
  public CopyResult resyncWhileFrozen(PilotPlan plan) {
    return measured(plan, "resync", () -> {
      UpgradePackage pkg = load(plan.upgradePackage());
      return withJob(plan, "resync", pkg.tablesOf(TableClass.DATA), true, (copier, job) -> copier.refreshTables(job, true));
    });
  }

  @Override
  public void startChangeCapture(PilotPlan plan) {
    measured(plan, "capture", () -> {
      UpgradePackage pkg = load(plan.upgradePackage());
      return withJob(plan, "capture", pkg.tablesOf(TableClass.DATA), false, (copier, job) -> {
        copier.startCapture(job);
        return null;
      });
    });
  }

  @Override
  public void stopChangeCapture(PilotPlan plan, DatabaseRef database) {
    measured(plan, "capture", () -> {
      plan.validated();
      if (!database.serverProfile().equals(plan.serverProfile())) {
        throw new IllegalArgumentException("database " + database.database() + " is not on the upgrade's server profile "
            + plan.serverProfile());
      }
      CopyJob.Database target = new CopyJob.Database(database.database(),
          connections.dataSource(database.serverProfile(), database.database()));
      copier(plan).stopCapture(target);
      return null;
    });
  }

  @Override
  public List<PendingChanges> pendingChanges(PilotPlan plan) {
    return measured(plan, "pending", () -> {
      UpgradePackage pkg = load(plan.upgradePackage());
      return withJob(plan, "pending", pkg.tablesOf(TableClass.DATA), false, (copier, job) -> copier.pendingChanges(job));
    });
  }

  @Override
  public VerificationReport verifyTables(PilotPlan plan, TableScope scope) {
    return measured(plan, "verify", () -> {
      UpgradePackage pkg = load(plan.upgradePackage());
      return withJob(plan, "verify", tablesIn(pkg, scope), false, (copier, job) -> copier.verify(job));
    });
  }

  @Override
  public List<TableFingerprint> configurationFingerprints(PilotPlan plan) {
    return measured(plan, "fingerprint", () -> {
      UpgradePackage pkg = load(plan.upgradePackage());
      return withJob(plan, "fingerprint", pkg.tablesOf(TableClass.CONFIGURATION), false, (copier, job) -> copier.fingerprints(job));
    });
  }

  @Override
  public VerificationReport postSwitchCheck(PilotPlan plan, VerificationReport verifiedAtSwitch) {
    return measured(plan, "post-switch-check", () -> {
      if (verifiedAtSwitch == null || verifiedAtSwitch.tables().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "post-switch check needs the verification of the final resync; none was given", FailureTypes.BAD_INPUT);
      }
      plan.validated();
      // After the switch the pilot answers under production's name; the old production is offline.
      CopyJob.Database newProduction = new CopyJob.Database(plan.productionDatabase(),
          connections.dataSource(plan.serverProfile(), plan.productionDatabase()));
      TableCopier copier = copier(plan);
      try (KeepAliveHeartbeat heartbeat = keepAlive()) {
        CopyJob job = new CopyJob(null, newProduction, List.of(), 1, settings, ProgressSink.NONE, heartbeat, metrics);
        return copier.recheck(job, verifiedAtSwitch);
      }
    });
  }

  private static List<TableSpec> tablesIn(UpgradePackage pkg, TableScope scope) {
    return switch (scope) {
      case ALL_IMPORTED -> pkg.importedTables();
      case DATA_RECORDS -> pkg.tablesOf(TableClass.DATA);
      case CONFIGURATION -> pkg.tablesOf(TableClass.CONFIGURATION);
    };
  }

  /**
   * Runs one operation of the platform's copier with the job it needs, heartbeating all along.
   *
   * @param operationName what the per-table progress gauges are labelled with (import, resync)
   * @param reporting whether the job reports progress to the workflow and the gauges (the copies); the
   *     checks stay quiet
   */
  private <T> T withJob(PilotPlan plan, String operationName, List<TableSpec> tables, boolean reporting,
      BiFunction<TableCopier, CopyJob, T> operation) {
    plan.validated();
    TableCopier copier = copier(plan);
    ActivityExecutionContext context = Activity.getExecutionContext();
    CopyJob.Database production = new CopyJob.Database(plan.productionDatabase(),
        connections.dataSource(plan.serverProfile(), plan.productionDatabase()));
    CopyJob.Database pilot = new CopyJob.Database(plan.pilotDatabase(),
        connections.dataSource(plan.serverProfile(), plan.pilotDatabase()));
    CopyMetrics metrics = metricsOf(plan);
    // the heartbeat names the tables being copied (the UI shows it under the pending activity)
    ProgressHeartbeat naming = new ProgressHeartbeat(context::heartbeat);
    ProgressSink sink = naming.tee(reporting
        ? new ProgressGauges(metrics, operationName, progress.open(context.getInfo())) : ProgressSink.NONE);
    try (KeepAliveHeartbeat heartbeat = KeepAliveHeartbeat.start(naming, KEEP_ALIVE)) {
      CopyJob job = new CopyJob(production, pilot, tables, plan.parallelism(), settings, sink, heartbeat, metrics);
      return operation.apply(copier, job);
    }
  }

  /** The copy meters labelled with this upgrade: its workflow id, profile and production database. */
  private CopyMetrics metricsOf(PilotPlan plan) {
    return plan == null ? metrics : metrics.forUpgrade(Activity.getExecutionContext().getInfo().getWorkflowId(),
        plan.serverProfile(), plan.productionDatabase());
  }

  /** Heartbeats of the current activity, repeated while long statements run. */
  private static KeepAliveHeartbeat keepAlive() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return KeepAliveHeartbeat.start(context::heartbeat, KEEP_ALIVE);
  }

  private TableCopier copier(PilotPlan plan) {
    ConnectionProfile profile = connections.profile(plan.serverProfile());
    if ("postgresql".equalsIgnoreCase(profile.platform())) {
      return new PostgresCopier();
    }
    if ("sqlserver".equalsIgnoreCase(profile.platform())) {
      return new SqlServerCopier();
    }
    throw ApplicationFailure.newNonRetryableFailure("copying tables on platform " + profile.platform()
        + " (connection profile " + profile.name() + ") is not supported yet", FailureTypes.BAD_INPUT);
  }

  private UpgradePackage load(PackageRef ref) {
    UpgradePackage pkg;
    try {
      pkg = packages.apply(ref);
    } catch (IllegalArgumentException | InvalidPackageException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          "upgrade package at " + ref.location() + " cannot be used: " + e.getMessage(), FailureTypes.BAD_INPUT, e);
    }
    if (ref.digest() == null || !ref.digest().equalsIgnoreCase(pkg.digest())) {
      throw ApplicationFailure.newNonRetryableFailure("upgrade package at " + ref.location()
          + " changed since the upgrade started (digest " + ref.digest() + " then, " + pkg.digest()
          + " now): every step of an upgrade must run the same package", FailureTypes.PACKAGE_CHANGED);
    }
    return pkg;
  }

  /** Counts failures; turns a bad mapping or an unknown profile into a clear, non-retryable failure. */
  private <T> T measured(PilotPlan plan, String operation, Supplier<T> action) {
    CopyMetrics metrics = metricsOf(plan);
    try {
      return action.get();
    } catch (MappingException e) {
      metrics.failed(operation);
      throw CopyFailures.mapping(e);
    } catch (IllegalArgumentException e) {
      metrics.failed(operation);
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), FailureTypes.BAD_INPUT, e);
    } catch (RuntimeException | Error e) {
      metrics.failed(operation);
      throw e;
    }
  }
}
