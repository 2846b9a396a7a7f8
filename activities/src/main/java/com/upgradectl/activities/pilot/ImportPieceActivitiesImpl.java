package com.upgradectl.activities.pilot;

import com.upgradectl.activities.connect.Connections;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.copy.KeepAliveHeartbeat;
import com.upgradectl.activities.platform.postgres.PostgresPieceImport;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.PieceProgress;
import com.upgradectl.activities.progress.ProgressHeartbeat;
import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.imports.ImportLayout;
import com.upgradectl.workflows.imports.ImportPieceActivities;
import com.upgradectl.workflows.imports.PieceCopied;
import com.upgradectl.workflows.imports.PieceImport;
import com.upgradectl.workflows.imports.PieceRequest;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The import cut into activities any worker takes, on PostgreSQL (see {@link PostgresPieceImport});
 * on SQL Server the plan says "not by pieces" and the workflow imports in one activity.
 */
public final class ImportPieceActivitiesImpl implements ImportPieceActivities {
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

  private final Connections connections;
  private final Function<PackageRef, UpgradePackage> packages;
  private final PieceProgress progress;
  private final CopyMetrics metrics;
  private final CopySettings settings;

  public ImportPieceActivitiesImpl(Connections connections, Function<PackageRef, UpgradePackage> packages,
      PieceProgress progress, MeterRegistry meters, CopySettings settings) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.packages = Objects.requireNonNull(packages, "packages");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.metrics = new CopyMetrics(Objects.requireNonNull(meters, "meters"));
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public ImportLayout planImport(PilotPlan plan) {
    return measured(plan, () -> {
      if (!onPostgres(plan)) {
        return new ImportLayout(false, List.of());
      }
      return withJob(plan, CopyActivitySupport.load(packages, plan.upgradePackage()).importedTables(),
          PostgresPieceImport::plan);
    });
  }

  @Override
  public void holdReadPoint(PilotPlan plan, int generation) {
    measured(plan, () -> {
      plan.validated();
      ActivityExecutionContext context = Activity.getExecutionContext();
      CopyJob job = job(plan, List.of(), ProgressSink.NONE, checkpoint -> context.heartbeat(null));
      // the heartbeat throws once the workflow cancels the hold or no longer knows it: the read point then ends
      PostgresPieceImport.hold(job, generation, () -> context.heartbeat(generation));
      return null;
    });
  }

  @Override
  public PieceCopied copyPiece(PieceRequest request) {
    PilotPlan plan = request.plan();
    String part = request.piece().index() + " of " + request.piece().of();
    CopyMetrics upgradeMetrics = metricsOf(plan);
    // the piece's progress goes to the pilot's workflow, as one part of its table, and to the table's
    // gauges as this worker's share of it
    ProgressSink asPart = report -> report.tables().forEach(table -> {
      progress.report(request.progressWorkflowId(), report.step(), table.ofPart(part));
      TableProgress share = progress.share(request.progressWorkflowId(), table.table());
      upgradeMetrics.progress(PostgresPieceImport.OPERATION, share.table(), share.rowsDone(), share.rowsTotal(),
          share.done());
    });
    return measured(plan, () -> withJob(plan, tableOf(plan, request.piece().table()), asPart,
        job -> PostgresPieceImport.copy(job, request.generation(), request.piece())));
  }

  @Override
  public TableCheck verifyTable(PilotPlan plan, int generation, String table) {
    return measured(plan, () -> withJob(plan, tableOf(plan, table), job -> PostgresPieceImport.verify(job, generation)));
  }

  @Override
  public void restartImport(PilotPlan plan, int generation) {
    measured(plan, () -> withJob(plan, CopyActivitySupport.load(packages, plan.upgradePackage()).importedTables(),
        job -> {
          PostgresPieceImport.restart(job, generation);
          return null;
        }));
  }

  @Override
  public void finishImport(PilotPlan plan, int generation) {
    measured(plan, () -> withJob(plan, CopyActivitySupport.load(packages, plan.upgradePackage()).importedTables(),
        job -> {
          PostgresPieceImport.finish(job, generation);
          return null;
        }));
  }

  private List<TableSpec> tableOf(PilotPlan plan, String table) {
    List<TableSpec> spec = CopyActivitySupport.load(packages, plan.upgradePackage()).importedTables().stream()
        .filter(t -> t.name().equals(table)).toList();
    if (spec.isEmpty()) {
      throw new IllegalArgumentException("the package imports no table " + table);
    }
    return spec;
  }

  private boolean onPostgres(PilotPlan plan) {
    return "postgresql".equalsIgnoreCase(connections.profile(plan.serverProfile()).platform());
  }

  /** Runs with a job over the tables, heartbeating all along (long statements included). */
  private <T> T withJob(PilotPlan plan, List<TableSpec> tables, Function<CopyJob, T> work) {
    return withJob(plan, tables, ProgressSink.NONE, work);
  }

  private <T> T withJob(PilotPlan plan, List<TableSpec> tables, ProgressSink sink, Function<CopyJob, T> work) {
    plan.validated();
    ActivityExecutionContext context = Activity.getExecutionContext();
    ProgressHeartbeat naming = new ProgressHeartbeat(context::heartbeat);
    try (KeepAliveHeartbeat heartbeat = KeepAliveHeartbeat.start(naming, KEEP_ALIVE)) {
      return work.apply(job(plan, tables, naming.tee(sink), heartbeat));
    }
  }

  private CopyJob job(PilotPlan plan, List<TableSpec> tables, ProgressSink sink,
      com.upgradectl.activities.copy.Heartbeat heartbeat) {
    CopyJob.Database production = new CopyJob.Database(plan.productionDatabase(),
        connections.dataSource(plan.serverProfile(), plan.productionDatabase()));
    CopyJob.Database pilot = new CopyJob.Database(plan.pilotDatabase(),
        connections.dataSource(plan.serverProfile(), plan.pilotDatabase()));
    return new CopyJob(production, pilot, tables, plan.parallelism(), settings, sink, heartbeat, metricsOf(plan));
  }

  private CopyMetrics metricsOf(PilotPlan plan) {
    // a piece runs in a slice of the import: its rows count for the pilot's upgrade
    return metrics.forUpgrade(PieceImport.upgradeOf(Activity.getExecutionContext().getInfo().getWorkflowId()),
        plan.serverProfile(),
        plan.productionDatabase());
  }

  private <T> T measured(PilotPlan plan, Supplier<T> action) {
    return CopyActivitySupport.measured(metricsOf(plan), "import", action);
  }
}
