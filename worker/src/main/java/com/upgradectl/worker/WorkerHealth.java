package com.upgradectl.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.Connections;
import com.upgradectl.activities.connect.JdbcUrls;
import com.upgradectl.activities.platform.DatabasePlatforms;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code GET /health/live}: 200 from the moment the worker polls until it begins to stop.
 * {@code GET /health/ready}: 200 only when Temporal answers for the worker's namespace AND every
 * configured profile's database server accepts a connection (a new one, logged in, closed again);
 * otherwise 503, the JSON body naming each check that failed and why. Checks run in parallel, each
 * bounded by {@value #CHECK_TIMEOUT_SECONDS} s, and their result is reused for
 * {@value #CACHE_MILLIS} ms so that frequent probes do not become connection storms.
 */
final class WorkerHealth implements HttpHandler, AutoCloseable {
  static final int CHECK_TIMEOUT_SECONDS = 5;
  static final long CACHE_MILLIS = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One check's outcome. */
  record Check(String name, boolean ready, String detail) {}

  private final String namespace;
  private final String target;
  private final List<ConnectionProfile> profiles;
  private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "health-check");
    t.setDaemon(true);
    return t;
  });
  private volatile WorkflowServiceStubs stubs;
  private volatile WorkerFactory factory;
  private volatile boolean stopping;
  private volatile long checkedAt;
  private volatile List<Check> lastChecks;

  WorkerHealth(String target, String namespace, Collection<ConnectionProfile> profiles) {
    this.target = target;
    this.namespace = namespace;
    this.profiles = profiles.stream().sorted(Comparator.comparing(ConnectionProfile::name)).toList();
  }

  /** The worker polls from now on. */
  void started(WorkflowServiceStubs stubs, WorkerFactory factory) {
    this.stubs = stubs;
    this.factory = factory;
  }

  boolean live() {
    WorkerFactory f = factory;
    return !stopping && f != null && f.isStarted() && !f.isShutdown() && !f.isTerminated();
  }

  /** Runs (or reuses) every readiness check. */
  synchronized List<Check> readiness() {
    long now = System.currentTimeMillis();
    if (lastChecks != null && now - checkedAt < CACHE_MILLIS) {
      return lastChecks;
    }
    List<Supplier<Check>> all = new ArrayList<>();
    all.add(this::temporal);
    profiles.forEach(p -> all.add(() -> database(p)));
    List<CompletableFuture<Check>> running = all.stream().map(s -> CompletableFuture.supplyAsync(s, checks)).toList();
    List<Check> results = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      String name = i == 0 ? "temporal" : "profile " + profiles.get(i - 1).name();
      try {
        results.add(running.get(i).get(CHECK_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        running.get(i).cancel(true);
        results.add(new Check(name, false, "no answer within " + CHECK_TIMEOUT_SECONDS + " s"));
      } catch (Exception e) {
        results.add(new Check(name, false, String.valueOf(e.getCause() == null ? e : e.getCause())));
      }
    }
    lastChecks = List.copyOf(results);
    checkedAt = System.currentTimeMillis();
    return lastChecks;
  }

  private Check temporal() {
    WorkflowServiceStubs s = stubs;
    if (!live()) {
      return new Check("temporal", false, stopping ? "the worker is stopping" : "the worker is not polling yet");
    }
    try {
      s.blockingStub().withDeadlineAfter(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      s.blockingStub().withDeadlineAfter(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      return new Check("temporal", true, "namespace " + namespace + " on " + target + " answers");
    } catch (RuntimeException e) {
      return new Check("temporal", false, "namespace " + namespace + " on " + target + ": " + e.getMessage());
    }
  }

  private static Check database(ConnectionProfile profile) {
    String name = "profile " + profile.name();
    String where = JdbcUrls.masked(profile.serverUrl());
    Properties properties = new Properties();
    properties.setProperty("user", profile.user());
    if (profile.password() != null && !profile.password().isEmpty()) {
      properties.setProperty("password", profile.password());
    }
    try {
      properties.setProperty(DatabasePlatforms.forName(profile.platform()).applicationNameProperty(),
          Connections.APPLICATION_NAME);
      String timeout = String.valueOf(CHECK_TIMEOUT_SECONDS);
      if ("postgresql".equals(profile.platform())) {
        properties.setProperty("connectTimeout", timeout);
        properties.setProperty("loginTimeout", timeout);
        properties.setProperty("socketTimeout", timeout);
      } else {
        properties.setProperty("loginTimeout", timeout);
      }
      try (Connection connection = DriverManager.getConnection(profile.serverUrl(), properties)) {
        if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
          return new Check(name, false, where + ": the connection opened but did not answer");
        }
      }
      return new Check(name, true, where + " answers");
    } catch (Exception e) {
      return new Check(name, false, where + ": " + e.getMessage());
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      ObjectNode body = JSON.createObjectNode();
      int status;
      switch (exchange.getRequestURI().getPath()) {
        case "/health/live" -> {
          boolean live = live();
          body.put("live", live);
          if (!live) {
            body.put("detail", stopping ? "the worker is stopping" : "the worker is not polling yet");
          }
          status = live ? 200 : 503;
        }
        case "/health/ready" -> {
          List<Check> results = readiness();
          boolean ready = results.stream().allMatch(Check::ready);
          body.put("ready", ready);
          ArrayNode notReady = body.putArray("notReady");
          results.stream().filter(c -> !c.ready()).forEach(c -> notReady.add(c.name()));
          ArrayNode checkNodes = body.putArray("checks");
          results.forEach(c -> checkNodes.addObject().put("name", c.name()).put("ready", c.ready()).put("detail", c.detail()));
          status = ready ? 200 : 503;
        }
        default -> {
          body.put("error", "unknown path; use /health/live or /health/ready");
          status = 404;
        }
      }
      byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The worker begins to stop: live and ready answer 503 from now on. */
  @Override
  public void close() {
    stopping = true;
    lastChecks = null;
    checks.shutdownNow();
  }
}
