package com.upgradectl.worker.dev;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's own test server, bound to a local port, in real time (no time skipping), with the
 * upgrade search attributes registered so workflows can set them.
 */
final class EmbeddedTemporal implements AutoCloseable {
  static final String NAMESPACE = "default";

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedTemporal start(int port, Map<String, IndexedValueType> searchAttributes) {
    int bound = port == 0 ? FreePorts.pick() : port;
    // lockTimeSkipping=true: timers (a switch scheduled for 22:00) run on the wall clock
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(bound, true);
    EmbeddedTemporal temporal = new EmbeddedTemporal(server, bound);
    try {
      temporal.registerSearchAttributes(searchAttributes);
      return temporal;
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
  }

  private void registerSearchAttributes(Map<String, IndexedValueType> searchAttributes) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setTarget(address()).validateAndBuildWithDefaults());
    try {
      operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
          .setNamespace(NAMESPACE)
          .putAllSearchAttributes(searchAttributes)
          .build());
    } finally {
      operator.shutdown();
      operator.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  String address() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}
