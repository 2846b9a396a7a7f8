package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.worker.config.TemporalSettings;
import com.upgradectl.worker.config.WorkerConfig;
import com.upgradectl.worker.dev.FreePorts;
import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotRun;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeStart;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchRequest;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import com.upgradectl.workflows.production.ProductionUpgradeStart;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Prometheus scrapes from a worker's /metrics after real upgrades (embedded PostgreSQL,
 * Temporal's test server, the sample package): a pilot created, refreshed and switched, and a
 * production upgrade of another database. Every metric the dashboard and the alerts are built on
 * is there, with the labels that tell upgrades, steps and tables apart.
 */
class MetricsScrapeTest {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir Path dir;

  record Sample(String name, Map<String, String> labels, double value) {}

  @Test
  void aScrapeAfterUpgradesListsEveryUpgradeMetricWithItsLabels() throws Exception {
    int port = FreePorts.pick();
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true)) {
      String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
      for (String database : List.of("servicedesk", "helpdesk")) {
        try (Connection c = DriverManager.getConnection(url + "postgres", "postgres", "")) {
          c.createStatement().execute("CREATE DATABASE " + database);
        }
        try (Connection c = DriverManager.getConnection(url + database, "postgres", "")) {
          SampleProduction.create(c, 30);
        }
      }
      WorkerConfig config = new WorkerConfig(new TemporalSettings("localhost:" + port, "default", TaskQueues.UPGRADES),
          0, 5, Map.of("pg", new ConnectionProfile("pg", "postgresql", url + "postgres", "postgres", "")),
          CopySettings.defaults(), null);
      UpgradePackage pkg = UpgradePackageLoader.load(SamplePackage.extractTo(dir).toAbsolutePath().normalize());
      PackageRef ref = new PackageRef(pkg.root().toString(), pkg.digest(), pkg.name(), pkg.fromVersion(),
          pkg.toVersion());
      PilotPlan plan = PilotPlan.withDefaults("pg", "servicedesk", null, null, ref, 2);
      ProductionPlan production = ProductionPlan.withDefaults("pg", "helpdesk", null, ref, false);

      try (WorkerRuntime worker = WorkerRuntime.start(config, WorkerRuntime.Mode.SERVER, line -> { })) {
        WorkflowClient client = worker.client();
        String pilotId = PilotUpgradeStart.workflowOptions(plan).getWorkflowId();
        PilotUpgradeWorkflow pilot = client.newWorkflowStub(PilotUpgradeWorkflow.class,
            PilotUpgradeStart.workflowOptions(plan));
        WorkflowClient.start(pilot::run, PilotRun.start(plan));
        await(pilot::status, s -> s.phase() == PilotPhase.READY || s.phase().isFinal(), "pilot READY");
        pilot.refresh();
        await(pilot::status, s -> s.phase() == PilotPhase.READY && s.refreshCount() == 1 || s.phase().isFinal(),
            "refresh done");
        pilot.switchToProduction(SwitchRequest.now());
        PilotStatus switched = await(pilot::status, s -> s.phase().isFinal(), "switch done");
        assertThat(switched.phase()).as("failure: %s", switched.failure()).isEqualTo(PilotPhase.SWITCHED);

        ProductionUpgradeWorkflow upgrade = client.newWorkflowStub(ProductionUpgradeWorkflow.class,
            ProductionUpgradeStart.workflowOptions(production));
        String productionId = ProductionUpgradeStart.workflowOptions(production).getWorkflowId();
        WorkflowClient.start(upgrade::run, production);
        try {
          WorkflowStub.fromTyped(upgrade).getResult(PATIENCE.toSeconds(), TimeUnit.SECONDS, ProductionStatus.class);
        } catch (WorkflowFailedException e) {
          throw new AssertionError("production upgrade failed: " + upgrade.status().failure(), e);
        }
        assertThat(upgrade.status().phase()).isEqualTo(ProductionPhase.UPGRADED);

        // the workflows' meters reach the registry when the SDK's scope reports (every 10 s)
        Map<String, String> ofPilot = Map.of("upgrade", pilotId, "profile", "pg", "database", "servicedesk");
        Map<String, String> ofProduction = Map.of("upgrade", productionId, "profile", "pg", "database", "helpdesk");
        List<Sample> scrape = await(() -> scrape(worker.metricsPort()),
            s -> has(s, "upgradectl_upgrade_phase", with(ofProduction, "phase", "UPGRADED"))
                && has(s, "upgradectl_switch_freeze_seconds_count", ofPilot), "the workflows' meters");

        // phase per upgrade, with the labels telling the upgrades apart
        assertThat(value(scrape, "upgradectl_upgrade_phase", with(ofPilot, "phase", "SWITCHED"))).isEqualTo(1);
        assertThat(value(scrape, "upgradectl_upgrade_phase", with(ofPilot, "phase", "READY"))).isZero();
        assertThat(value(scrape, "upgradectl_upgrade_phase", with(ofProduction, "phase", "UPGRADED"))).isEqualTo(1);
        assertThat(labelsOf(scrape, "upgradectl_upgrade_phase")).contains("namespace", "task_queue", "workflow_type",
            "upgrade", "profile", "database", "phase");

        // a duration for every step
        for (String step : List.of("preflight", "create", "import", "refresh", "switch", "freeze")) {
          assertThat(value(scrape, "upgradectl_upgrade_step_seconds_count", with(ofPilot, "step", step))).as(step)
              .isGreaterThanOrEqualTo(1);
        }
        for (String step : List.of("preflight", "block", "safety_copy", "migrations", "verify", "unblock", "cleanup")) {
          assertThat(value(scrape, "upgradectl_upgrade_step_seconds_count", with(ofProduction, "step", step))).as(step)
              .isEqualTo(1);
        }
        assertThat(value(scrape, "upgradectl_upgrade_step_seconds_sum", with(ofPilot, "step", "import"))).isPositive();

        // last success per upgrade and step, failures and mismatches present at zero
        double now = Instant.now().getEpochSecond();
        assertThat(value(scrape, "upgradectl_upgrade_last_success_timestamp_seconds", with(ofPilot, "step", "switch")))
            .isBetween(now - 600, now + 1);
        assertThat(value(scrape, "upgradectl_upgrade_last_success_timestamp_seconds",
            with(ofProduction, "step", "upgrade"))).isBetween(now - 600, now + 1);
        for (String step : List.of("preflight", "create", "refresh", "switch", "switch_back")) {
          assertThat(value(scrape, "upgradectl_upgrade_failures_total", with(ofPilot, "step", step))).as(step).isZero();
        }
        for (String step : List.of("preflight", "upgrade", "restore")) {
          assertThat(value(scrape, "upgradectl_upgrade_failures_total", with(ofProduction, "step", step))).as(step)
              .isZero();
        }
        assertThat(value(scrape, "upgradectl_verification_mismatches_total", ofPilot)).isZero();
        assertThat(value(scrape, "upgradectl_verification_mismatches_total", ofProduction)).isZero();

        // the freeze: over, how long it was, when it began, what was forecast
        assertThat(value(scrape, "upgradectl_switch_frozen", ofPilot)).isZero();
        assertThat(value(scrape, "upgradectl_switch_frozen_age_seconds", ofPilot)).isZero();
        assertThat(value(scrape, "upgradectl_switch_frozen_since_seconds", ofPilot)).isBetween(now - 600, now + 1);
        assertThat(find(scrape, "upgradectl_switch_freeze_forecast_seconds", ofPilot)).isNotEmpty();

        // per table: rows copied, bytes, time, and progress (done: nothing remaining, 100 %)
        for (String table : SampleProduction.DATA_TABLES) {
          Map<String, String> imported = with(with(ofPilot, "operation", "import"), "table", table);
          assertThat(value(scrape, "upgradectl_copy_rows_total", imported)).as(table).isPositive();
          assertThat(value(scrape, "upgradectl_copy_bytes_total", imported)).as(table).isPositive();
          assertThat(value(scrape, "upgradectl_copy_duration_seconds_count", imported)).as(table).isEqualTo(1);
          assertThat(value(scrape, "upgradectl_table_rows_remaining", imported)).as(table).isZero();
          assertThat(value(scrape, "upgradectl_table_progress_percent", imported)).as(table).isEqualTo(100);
        }
        assertThat(value(scrape, "upgradectl_copy_failures_total", Map.of("operation", "import", "profile", "pg")))
            .isZero();
        assertThat(value(scrape, "upgradectl_copy_failures_total", Map.of("operation", "resync", "profile", "pg")))
            .isZero();

        // our meters carry no label of the SDK's Update calls, nor the SDK scope's "none" labels
        assertThat(scrape.stream().filter(s -> s.name().startsWith("upgradectl_")))
            .allSatisfy(s -> assertThat(s.labels()).as(s.name())
                .doesNotContainKeys("update_name", "activity_type", "signal_name", "worker_type"));

        // build info, JVM, process and connection pools on the same endpoint
        assertThat(find(scrape, "upgradectl_build_info", Map.of())).singleElement()
            .satisfies(s -> assertThat(s.labels()).containsKeys("version", "java_version", "temporal_sdk"))
            .satisfies(s -> assertThat(s.value()).isEqualTo(1));
        for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_pause_seconds_count",
            "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds", "process_files_open_files",
            "system_cpu_count")) {
          assertThat(find(scrape, name, Map.of())).as(name).isNotEmpty();
        }
        assertThat(find(scrape, "hikaricp_connections_max", Map.of("pool", "upgradectl-pg-servicedesk")))
            .isNotEmpty();
        assertThat(find(scrape, "hikaricp_connections_acquire_seconds_count", Map.of())).isNotEmpty();

        // and so is every name the dashboard and the alerts query, but the SDK's (DeployFilesTest)
        for (String name : DeployFilesTest.listedMetrics()) {
          if (!name.startsWith("temporal_") && !name.equals("up")) {
            assertThat(find(scrape, name, Map.of())).as(name + " (deploy/metrics.txt)").isNotEmpty();
          }
        }
      }
    }
  }

  // ---- the scrape, as Prometheus reads it

  private static List<Sample> scrape(int port) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    // kept for a look at what Prometheus gets (and for deploy/metrics.txt)
    Files.writeString(Path.of("target", "metrics-scrape.txt"), response.body());
    List<Sample> samples = new ArrayList<>();
    for (String line : response.body().lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as(line).isTrue();
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
    }
    return samples;
  }

  private static List<Sample> find(List<Sample> scrape, String name, Map<String, String> labels) {
    return scrape.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
  }

  private static boolean has(List<Sample> scrape, String name, Map<String, String> labels) {
    return !find(scrape, name, labels).isEmpty();
  }

  /** The value of the one series of that name with those labels (among others). */
  private static double value(List<Sample> scrape, String name, Map<String, String> labels) {
    List<Sample> found = find(scrape, name, labels);
    assertThat(found).as(name + labels + " among " + find(scrape, name, Map.of())).hasSize(1);
    return found.get(0).value();
  }

  private static List<String> labelsOf(List<Sample> scrape, String name) {
    return find(scrape, name, Map.of()).get(0).labels().keySet().stream().toList();
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(labels);
    more.put(key, value);
    return more;
  }

  interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls until the condition holds; gives up after a few minutes (a safety net, not a speed check). */
  private static <T> T await(Probe<T> probe, Predicate<T> condition, String what) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    T value = probe.get();
    while (!condition.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never reached: " + what + "; last: " + value);
      }
      Thread.sleep(250);
      value = probe.get();
    }
    return value;
  }
}
