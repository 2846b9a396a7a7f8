package com.upgradectl.worker.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.worker.WorkerRuntime;
import com.upgradectl.worker.config.TemporalSettings;
import com.upgradectl.worker.config.WorkerConfig;
import com.upgradectl.workflows.TaskQueues;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.TlsServerCredentials;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporal's test server behind gRPC TLS that requires a client certificate signed by the test CA
 * and whose certificate names {@value TestCertificates#SERVER_NAME}, not localhost: the worker
 * connects only with CA, client certificate and server name right, and sends its API key.
 */
class TemporalTlsEndToEndTest {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir static Path dir;
  static TestCertificates certs;
  static TestServicesStarter services;
  static Server server;
  static final Set<String> authorizations = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startTlsServer() throws Exception {
    certs = TestCertificates.create(dir);
    services = new TestServicesStarter(false, 0);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(0, TlsServerCredentials.newBuilder()
        .keyManager(certs.serverCert().toFile(), certs.serverKey().toFile())
        .trustManager(certs.caCert().toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build());
    builder.intercept(new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization != null) {
          authorizations.add(authorization);
        }
        return next.startCall(call, headers);
      }
    });
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    server = builder.build().start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    services.close();
  }

  private static String target() {
    return "localhost:" + server.getPort();
  }

  @Test
  void theWorkerStartsOverMutualTlsWithServerNameAndSendsItsApiKey() {
    TemporalSecurity security = new TemporalSecurity(true, certs.caCert(), certs.clientCert(), certs.clientKey(),
        TestCertificates.SERVER_NAME, "test-api-key");
    assertThat(security.problems(names())).isEmpty();
    WorkerConfig config = new WorkerConfig(new TemporalSettings(target(), "default", TaskQueues.UPGRADES, security), 0, 5,
        Map.of("prod", new ConnectionProfile("prod", "postgresql", "jdbc:postgresql://db.invalid/postgres", "u", "")));
    List<String> announced = new ArrayList<>();
    try (WorkerRuntime worker = WorkerRuntime.start(config, WorkerRuntime.Mode.SERVER, announced::add)) {
      assertThat(announced).last().asString().startsWith("worker ready");
      assertThat(worker.client().getWorkflowServiceStubs().blockingStub()
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).hasCapabilities()).isTrue();
    }
    assertThat(authorizations).contains("Bearer test-api-key");
  }

  @Test
  void withoutAClientCertificateTheServerRefuses() {
    assertThatThrownBy(() -> connect(new TemporalSecurity(true, certs.caCert(), null, null, TestCertificates.SERVER_NAME, null)))
        .isInstanceOf(RuntimeException.class).hasStackTraceContaining("SSL");
  }

  @Test
  void withoutTheServerNameTheCertificateDoesNotMatchLocalhost() {
    assertThatThrownBy(() -> connect(new TemporalSecurity(true, certs.caCert(), certs.clientCert(), certs.clientKey(), null, null)))
        .isInstanceOf(RuntimeException.class).hasStackTraceContaining("No subject alternative DNS name matching localhost");
  }

  @Test
  void withoutTheCaTheServerCertificateIsNotTrusted() {
    assertThatThrownBy(() -> connect(new TemporalSecurity(true, null, certs.clientCert(), certs.clientKey(),
        TestCertificates.SERVER_NAME, null))).isInstanceOf(RuntimeException.class)
        .hasStackTraceContaining("unable to find valid certification path");
  }

  private static void connect(TemporalSecurity security) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newConnectedServiceStubs(
        security.applyTo(WorkflowServiceStubsOptions.newBuilder()).setTarget(target()).build(), Duration.ofSeconds(3));
    stubs.shutdownNow();
  }

  private static TemporalSecurity.Names names() {
    return new TemporalSecurity.Names("caFile", "clientCertFile", "clientKeyFile");
  }
}
