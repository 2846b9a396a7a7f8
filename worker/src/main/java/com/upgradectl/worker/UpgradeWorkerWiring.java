package com.upgradectl.worker;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.pilot.DataCopyActivitiesImpl;
import com.upgradectl.activities.pilot.PilotDatabaseActivitiesImpl;
import com.upgradectl.activities.pilot.SwitchActivitiesImpl;
import com.upgradectl.activities.pilot.SwitchBackActivitiesImpl;
import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.activities.production.ProductionActivitiesImpl;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.WorkflowProgressSink;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflowImpl;
import com.upgradectl.workflows.preflight.PreflightWorkflowImpl;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflowImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import java.util.Collection;
import java.util.List;

/**
 * The one place that constructs the workflow and activity implementations from configuration, so
 * that their constructors are adjusted here and nowhere else.
 */
final class UpgradeWorkerWiring implements AutoCloseable {
  private final PooledConnections connections;
  private final List<Object> activities;

  private UpgradeWorkerWiring(PooledConnections connections, List<Object> activities) {
    this.connections = connections;
    this.activities = activities;
  }

  /**
   * @param client signals progress from copying activities to their workflow
   * @param registry receives the copy metrics (rows, bytes, durations, failures)
   * @param copy how the copier cuts tables into chunks
   */
  static UpgradeWorkerWiring create(Collection<ConnectionProfile> profiles, WorkflowClient client,
      MeterRegistry registry, CopySettings copy) {
    PooledConnections connections = new PooledConnections(profiles).reportingTo(registry);
    CopyMetrics.registerFailuresAtZero(registry, profiles.stream().map(ConnectionProfile::name).toList());
    DatabaseServers servers = new DatabaseServers(connections);
    PackageStore packages = new PackageStore();
    return new UpgradeWorkerWiring(connections, List.of(
        new PilotDatabaseActivitiesImpl(servers, packages),
        new SwitchActivitiesImpl(servers),
        new SwitchBackActivitiesImpl(servers),
        new DataCopyActivitiesImpl(connections, packages::load, WorkflowProgressSink.factory(client), registry, copy),
        new ProductionActivitiesImpl(servers, packages, registry)));
  }

  /** Registers the pilot and production upgrade workflows, the stand-alone preflight, and every activity they call. */
  void registerOn(Worker worker) {
    worker.registerWorkflowImplementationTypes(PilotUpgradeWorkflowImpl.class, ProductionUpgradeWorkflowImpl.class,
        PreflightWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
  }

  /** Closes the connection pools. */
  @Override
  public void close() {
    connections.close();
  }
}
