package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.worker.codec.EncryptionKeys;
import com.upgradectl.worker.codec.EncryptionSettings;
import com.upgradectl.worker.config.TemporalSettings;
import com.upgradectl.worker.config.WorkerConfig;
import com.upgradectl.worker.dev.FreePorts;
import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotRun;
import com.upgradectl.workflows.pilot.PilotUpgradeStart;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With encryption on, a pilot created on Temporal's test server leaves no table name in its history. */
class EncryptedHistoryTest {
  @TempDir Path dir;

  @Test
  void theHistoryOfAnEncryptedPilotHoldsNoTableName() throws Exception {
    EncryptionKeys keys = EncryptionKeys.parse("test", "k1=" + Base64.getEncoder().encodeToString(new byte[32]), null);
    int port = FreePorts.pick();
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true)) {
      String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
      try (Connection c = DriverManager.getConnection(url + "postgres", "postgres", "")) {
        c.createStatement().execute("CREATE DATABASE servicedesk");
      }
      try (Connection c = DriverManager.getConnection(url + "servicedesk", "postgres", "")) {
        SampleProduction.create(c, 30);
      }
      WorkerConfig config = new WorkerConfig(new TemporalSettings("localhost:" + port, "default", TaskQueues.UPGRADES), 0, 5,
          Map.of("pg", new ConnectionProfile("pg", "postgresql", url + "postgres", "postgres", "")),
          com.upgradectl.activities.copy.CopySettings.defaults(), new EncryptionSettings(keys, "test", false, Set.of()));
      UpgradePackage pkg = UpgradePackageLoader.load(SamplePackage.extractTo(dir).toAbsolutePath().normalize());
      PilotPlan plan = PilotPlan.withDefaults("pg", "servicedesk", null, null, new PackageRef(pkg.root().toString(),
          pkg.digest(), pkg.name(), pkg.fromVersion(), pkg.toVersion()), 2);
      try (WorkerRuntime worker = WorkerRuntime.start(config, WorkerRuntime.Mode.SERVER, line -> { })) {
        WorkflowClient client = worker.client();
        PilotUpgradeWorkflow pilot = client.newWorkflowStub(PilotUpgradeWorkflow.class, PilotUpgradeStart.workflowOptions(plan));
        WorkflowClient.start(pilot::run, PilotRun.start(plan));
        PilotUpgradeWorkflow running = client.newWorkflowStub(PilotUpgradeWorkflow.class,
            PilotUpgradeStart.workflowOptions(plan).getWorkflowId());
        long deadline = System.currentTimeMillis() + 120_000;
        PilotPhase phase = running.status().phase();
        while (phase != PilotPhase.READY && phase != PilotPhase.FAILED && System.currentTimeMillis() < deadline) {
          Thread.sleep(500);
          phase = running.status().phase();
        }
        assertThat(phase).isEqualTo(PilotPhase.READY);
        assertThat(running.status().toString()).as("decrypted by the client: tables are in the payloads").contains("ticket");

        String history = new String(client.fetchHistory(PilotUpgradeStart.workflowOptions(plan).getWorkflowId())
            .getHistory().toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(history).contains("binary/encrypted");
        for (String table : SampleProduction.DATA_TABLES) {
          assertThat(history).as(table).doesNotContain(table);
        }
        for (String table : SampleProduction.CONFIGURATION_TABLES) {
          assertThat(history).as(table).doesNotContain(table);
        }
      }
    }
  }
}
