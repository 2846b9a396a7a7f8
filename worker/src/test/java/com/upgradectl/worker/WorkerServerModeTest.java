package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.worker.config.TemporalSettings;
import com.upgradectl.worker.config.WorkerConfig;
import com.upgradectl.worker.dev.FreePorts;
import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import io.temporal.testserver.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker against a Temporal server it did not start (here Temporal's test server, bare). */
class WorkerServerModeTest {

  @Test
  void registersTheMissingSearchAttributesThenPolls() {
    int port = FreePorts.pick();
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true)) {
      String target = "localhost:" + port;
      // profiles are only resolved when an activity runs: this one is never used
      WorkerConfig config = new WorkerConfig(new TemporalSettings(target, "default", TaskQueues.UPGRADES), 0, 5,
          Map.of("prod", new ConnectionProfile("prod", "postgresql", "jdbc:postgresql://db.invalid/postgres", "u", "")));
      List<String> announced = new ArrayList<>();

      try (WorkerRuntime worker = WorkerRuntime.start(config, WorkerRuntime.Mode.SERVER, announced::add)) {
        assertThat(announced).last().asString().startsWith("worker ready");

        SearchAttributeRegistration.Result again =
            SearchAttributeRegistration.register(target, "default", UpgradeSearchAttributes.definitions());
        assertThat(again.added()).isEmpty();
        assertThat(again.refused()).isEmpty();
        assertThat(again.alreadyThere()).containsExactlyInAnyOrderElementsOf(UpgradeSearchAttributes.definitions().keySet());
      }
    }
  }
}
