package com.upgradectl.worker;

import com.upgradectl.activities.connect.ConnectionProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import java.util.Collection;

/**
 * The one place that constructs the workflow and activity implementations from configuration, so
 * that their constructors are adjusted here and nowhere else.
 */
final class UpgradeWorkerWiring implements AutoCloseable {

  private UpgradeWorkerWiring() {}

  static UpgradeWorkerWiring create(Collection<ConnectionProfile> profiles, WorkflowClient client,
      MeterRegistry registry) {
    return new UpgradeWorkerWiring();
  }

  /** Registers the pilot upgrade workflow and every activity it calls. */
  void registerOn(Worker worker) {
    // filled in when the workflow and activity implementations land
  }

  @Override
  public void close() {}
}
