package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.worker.config.TemporalSettings;
import com.upgradectl.worker.config.WorkerConfig;
import com.upgradectl.worker.dev.FreePorts;
import com.upgradectl.workflows.TaskQueues;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /health/live and /health/ready on the metrics port, against Temporal's test server and an
 * embedded PostgreSQL: ready only when Temporal answers and every profile's server accepts a login.
 */
class HealthEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static ConnectionProfile embedded() {
    return new ConnectionProfile("pg", "postgresql", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
        "postgres", "");
  }

  private static WorkerConfig config(String target, Map<String, ConnectionProfile> profiles) {
    return new WorkerConfig(new TemporalSettings(target, "default", TaskQueues.UPGRADES), 0, 5, profiles);
  }

  record Answer(int status, JsonNode body) {}

  private static Answer get(WorkerRuntime worker, String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + worker.metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  @Test
  void readyWhenTemporalAndEveryProfileAnswer() throws Exception {
    int port = FreePorts.pick();
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        WorkerRuntime worker = WorkerRuntime.start(config("localhost:" + port, Map.of("pg", embedded())),
            WorkerRuntime.Mode.SERVER, line -> { })) {
      Answer live = get(worker, "/health/live");
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.body().get("live").asBoolean()).isTrue();

      Answer ready = get(worker, "/health/ready");
      assertThat(ready.status()).as(ready.body().toString()).isEqualTo(200);
      assertThat(ready.body().get("ready").asBoolean()).isTrue();
      assertThat(ready.body().get("notReady")).isEmpty();
      assertThat(ready.body().get("checks").findValuesAsText("name")).containsExactly("temporal", "profile pg");

      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + worker.metricsPort() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("metrics still on the same port").isEqualTo(200);
    }
  }

  @Test
  void aProfileWhoseServerDoesNotAnswerMakesTheWorkerNotReadyNamingIt() throws Exception {
    int port = FreePorts.pick();
    ConnectionProfile closed = new ConnectionProfile("offline", "postgresql",
        "jdbc:postgresql://localhost:" + FreePorts.pick() + "/postgres", "postgres", "secret-password");
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        WorkerRuntime worker = WorkerRuntime.start(config("localhost:" + port, Map.of("pg", embedded(), "offline", closed)),
            WorkerRuntime.Mode.SERVER, line -> { })) {
      Answer ready = get(worker, "/health/ready");

      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body().get("ready").asBoolean()).isFalse();
      assertThat(ready.body().get("notReady").findValuesAsText("notReady")).isEmpty();
      assertThat(ready.body().get("notReady").toString()).isEqualTo("[\"profile offline\"]");
      assertThat(ready.body().toString()).contains("Connection to localhost").doesNotContain("secret-password");
      assertThat(get(worker, "/health/live").status()).as("still live: it polls").isEqualTo(200);
    }
  }

  @Test
  void notReadyOnceTemporalStopsAnswering() throws Exception {
    int port = FreePorts.pick();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    try (WorkerRuntime worker = WorkerRuntime.start(config("localhost:" + port, Map.of("pg", embedded())),
        WorkerRuntime.Mode.SERVER, line -> { })) {
      assertThat(get(worker, "/health/ready").status()).isEqualTo(200);
      server.close();
      Thread.sleep(WorkerHealth.CACHE_MILLIS + 100);

      Answer ready = get(worker, "/health/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body().get("notReady").toString()).isEqualTo("[\"temporal\"]");
    }
  }
}
