package com.upgradectl.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.upgradectl.worker.codec.AesGcmPayloadCodec;
import com.upgradectl.worker.codec.CodecEndpoint;
import com.upgradectl.worker.config.WorkerConfig;
import com.upgradectl.worker.metrics.UpgradeStatsReporter;
import com.upgradectl.worker.metrics.WorkerMeters;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: metrics registry and scrape endpoint, the connection to Temporal (SDK metrics
 * on its scope), connection pools, and the worker polling the upgrades task queue. Closing it stops
 * polling, lets running activities finish within the configured time, then releases the rest.
 */
public final class WorkerRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  private static final Duration TEMPORAL_CONNECT_TIMEOUT = Duration.ofSeconds(15);

  /** How the worker talks to its server. */
  public enum Mode {
    /** A real Temporal cluster. */
    SERVER,
    /** The in-process test server. */
    DEV
  }

  private final ShutdownStack resources;
  private final WorkflowClient client;
  private final PrometheusMeterRegistry registry;
  private final MetricsEndpoint metrics;

  private WorkerRuntime(ShutdownStack resources, WorkflowClient client, PrometheusMeterRegistry registry,
      MetricsEndpoint metrics) {
    this.resources = resources;
    this.client = client;
    this.registry = registry;
    this.metrics = metrics;
  }

  /**
   * Starts everything and returns once the worker polls.
   *
   * @param announce receives the human-facing lines, the last one being "worker ready"
   */
  public static WorkerRuntime start(WorkerConfig config, Mode mode, Consumer<String> announce) {
    ShutdownStack resources = new ShutdownStack();
    try {
      log.atInfo().setMessage("worker starting").addKeyValue("mode", mode)
          .addKeyValue("config", config.describe().replace('\n', ' ')).log();
      WorkerMeters meters = WorkerMeters.create();
      resources.push("meter registry", meters, meters::close);
      PrometheusMeterRegistry registry = meters.registry();
      MetricsEndpoint metrics = MetricsEndpoint.start(registry, config.metricsPort());
      resources.push("metrics endpoint", metrics, metrics::close);
      WorkerHealth health = new WorkerHealth(config.temporal().target(), config.temporal().namespace(),
          config.profiles().values());
      metrics.handle("/health", health);
      // closed before anything else stops: probes say 503 while the worker winds down

      Scope sdkMetrics = new RootScopeBuilder()
          .reporter(new UpgradeStatsReporter(registry, Clock.systemUTC()))
          .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
      resources.push("SDK metrics scope", sdkMetrics, sdkMetrics::close);
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newConnectedServiceStubs(
          config.temporal().security().applyTo(WorkflowServiceStubsOptions.newBuilder())
              .setTarget(config.temporal().target())
              .setMetricsScope(sdkMetrics)
              .build(),
          TEMPORAL_CONNECT_TIMEOUT);
      resources.push("Temporal connection", stubs, () -> {
        stubs.shutdown();
        stubs.awaitTermination(5, TimeUnit.SECONDS);
      });
      if (mode == Mode.SERVER) {
        ensureSearchAttributes(config);
      }
      WorkflowClientOptions.Builder clientOptions = WorkflowClientOptions.newBuilder()
          .setNamespace(config.temporal().namespace());
      if (config.encryption() != null) {
        clientOptions.setDataConverter(AesGcmPayloadCodec.dataConverter(config.encryption().keys()));
        if (config.encryption().codecEndpoint()) {
          metrics.handle("/codec", new CodecEndpoint(new AesGcmPayloadCodec(config.encryption().keys()),
              config.encryption().allowOrigins()));
        }
      }
      WorkflowClient client = WorkflowClient.newInstance(stubs, clientOptions.build());

      UpgradeWorkerWiring wiring = UpgradeWorkerWiring.create(config.profiles().values(), client, registry,
          config.copy());
      resources.push("connection pools", wiring, wiring::close);

      WorkerFactory factory = WorkerFactory.newInstance(client);
      resources.push("worker factory", factory, () -> {
        factory.shutdown();
        factory.awaitTermination(config.shutdownTimeoutSeconds(), TimeUnit.SECONDS);
      });
      Worker worker = factory.newWorker(config.temporal().taskQueue(),
          WorkerRuntimeOptions.of(config.temporal().deployment()));
      wiring.registerOn(worker);
      factory.start();
      health.started(stubs, factory);
      resources.push("health checks", health, health::close);

      log.atInfo().setMessage("worker ready").addKeyValue("temporal", config.temporal().target())
          .addKeyValue("namespace", config.temporal().namespace())
          .addKeyValue("taskQueue", config.temporal().taskQueue())
          .addKeyValue("metrics", metrics.url())
          .addKeyValue("health", "http://localhost:" + metrics.port() + "/health/ready").log();
      announce.accept("metrics       " + metrics.url());
      announce.accept("health        http://localhost:" + metrics.port() + "/health/ready (and /health/live)");
      announce.accept("worker ready  (task queue " + config.temporal().taskQueue() + " on "
          + config.temporal().target() + ", namespace " + config.temporal().namespace() + ")");
      return new WorkerRuntime(resources, client, registry, metrics);
    } catch (RuntimeException e) {
      resources.close();
      throw e;
    }
  }

  /** Registers what is missing; an operator may have to do it where the worker lacks the permission. */
  private static void ensureSearchAttributes(WorkerConfig config) {
    SearchAttributeRegistration.Result result = SearchAttributeRegistration.register(
        config.temporal().target(), config.temporal().security(), config.temporal().namespace(),
        UpgradeSearchAttributes.definitions());
    if (!result.added().isEmpty()) {
      log.atInfo().setMessage("search attributes registered").addKeyValue("added", result.added()).log();
    }
    if (!result.refused().isEmpty()) {
      log.atWarn().setMessage("search attributes could not be registered; workflows cannot start until an operator"
              + " registers them (temporal operator search-attribute create --name NAME --type Keyword)")
          .addKeyValue("namespace", config.temporal().namespace()).addKeyValue("refused", result.refused()).log();
    }
  }


  public WorkflowClient client() {
    return client;
  }

  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  public int metricsPort() {
    return metrics.port();
  }

  @Override
  public void close() {
    log.atInfo().setMessage("worker stopping").log();
    resources.close();
    log.atInfo().setMessage("worker stopped").log();
  }
}
