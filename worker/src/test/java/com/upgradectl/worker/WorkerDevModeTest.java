package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.examples.SampleProduction;
import com.upgradectl.worker.dev.FreePorts;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker --dev} as operators run it: a separate process, stopped with SIGTERM. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerDevModeTest {
  private static final Pattern POSTGRES = Pattern.compile("PostgreSQL +(jdbc:postgresql://localhost:(\\d+)/postgres)");
  private static final Pattern METRICS = Pattern.compile("metrics +(http://localhost:\\d+/metrics)");

  @TempDir static Path dir;
  static Process worker;
  static Path output;
  static int temporalPort;

  @BeforeAll
  static void startWorker() throws Exception {
    temporalPort = FreePorts.pick();
    output = dir.resolve("worker.out");
    worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
        "--dev", "--temporal-port", String.valueOf(temporalPort), "--sample-rows", "300")
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    awaitOutput(text -> text.contains("worker ready"));
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null && worker.isAlive()) {
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void announcesWhatItStartedWithoutAnyPassword() throws Exception {
    String text = Files.readString(output);

    assertThat(text).contains("Temporal      localhost:" + temporalPort)
        .contains("as profile \"embedded\"")
        .contains("(user postgres, no password)")
        .containsPattern("worker ready +\\(task queue upgradectl-upgrades on localhost:" + temporalPort);
  }

  @Test
  void createsTheSampleProductionWithTheRowsAskedFor() throws Exception {
    Matcher postgres = POSTGRES.matcher(Files.readString(output));
    assertThat(postgres.find()).as("PostgreSQL line").isTrue();
    assertThat(Files.readString(output)).contains("production    database servicedesk with 300 sample data rows");

    try (Connection c = DriverManager.getConnection(postgres.group(1).replace("/postgres", "/servicedesk"), "postgres", "")) {
      Map<String, Long> rows = SampleProduction.rowCounts(c);
      long dataRows = SampleProduction.DATA_TABLES.stream().mapToLong(rows::get).sum();
      assertThat(dataRows).isEqualTo(SampleProduction.DataRowCounts.of(300).total());
    }
  }

  @Test
  void registersTheUpgradeSearchAttributesSoWorkflowsCanSetThem() {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("localhost:" + temporalPort).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      SearchAttributes registered = SearchAttributes.newBuilder()
          .set(SearchAttributeKey.forKeyword("UpgradeScenario"), "pilot")
          .set(SearchAttributeKey.forKeyword("UpgradePhase"), "READY")
          .set(SearchAttributeKey.forKeyword("ProductionDatabase"), "embedded/servicedesk")
          .set(SearchAttributeKey.forKeyword("TargetVersion"), "2")
          .build();
      WorkflowStub probe = client.newUntypedWorkflowStub("SearchAttributeProbe", WorkflowOptions.newBuilder()
          .setWorkflowId("search-attribute-probe").setTaskQueue("nobody-polls-this")
          .setTypedSearchAttributes(registered).build());
      probe.start();
      probe.terminate("probe only");

      WorkflowStub unregistered = client.newUntypedWorkflowStub("SearchAttributeProbe", WorkflowOptions.newBuilder()
          .setWorkflowId("search-attribute-probe-2").setTaskQueue("nobody-polls-this")
          .setTypedSearchAttributes(SearchAttributes.newBuilder()
              .set(SearchAttributeKey.forKeyword("NotRegistered"), "x").build()).build());
      assertThatThrownBy(unregistered::start).as("the server checks attributes against its registry")
          .hasStackTraceContaining("NotRegistered");
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void exposesPrometheusMetricsIncludingTheTemporalSdks() throws Exception {
    Matcher metrics = METRICS.matcher(Files.readString(output));
    assertThat(metrics.find()).as("metrics line").isTrue();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(metrics.group(1))).build();

    // the SDK reports its pollers' requests every few seconds
    String body = awaitValue(() -> http.send(request, HttpResponse.BodyHandlers.ofString()).body(),
        b -> b.contains("temporal_"));

    assertThat(body).contains("temporal_");
  }

  @Test
  @Order(Integer.MAX_VALUE) // stops the shared worker
  void stopsCleanlyOnSigtermAndTakesPostgresWithIt() throws Exception {
    Matcher postgres = POSTGRES.matcher(Files.readString(output));
    assertThat(postgres.find()).as("PostgreSQL line").isTrue();
    String url = postgres.group(1);
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      assertThat(c.isValid(5)).isTrue();
    }

    worker.destroy();
    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker stopped").isTrue();

    assertThat(Files.readString(output)).contains("worker stopped");
    assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close())
        .as("embedded PostgreSQL is gone with the worker").isInstanceOf(SQLException.class);
  }

  private static void awaitOutput(Predicate<String> condition) throws Exception {
    awaitValue(() -> {
      if (!worker.isAlive()) {
        throw new AssertionError("worker exited with " + worker.exitValue() + ":\n" + Files.readString(output));
      }
      return Files.readString(output);
    }, condition);
  }

  interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls until the condition holds; gives up after two minutes (a safety net, not a speed check). */
  private static <T> T awaitValue(Probe<T> probe, Predicate<T> condition) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
    T value = probe.get();
    while (!condition.test(value)) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("condition not reached; last value:\n" + value + "\nworker output:\n"
            + Files.readString(output));
      }
      Thread.sleep(200);
      value = probe.get();
    }
    return value;
  }
}
