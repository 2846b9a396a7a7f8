package com.upgradectl.worker.dev;

import io.temporal.api.enums.v1.IndexedValueType;
import com.upgradectl.worker.SearchAttributeRegistration;
import io.temporal.testserver.TestServer;
import java.util.Map;

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
    SearchAttributeRegistration.Result result =
        SearchAttributeRegistration.register(address(), NAMESPACE, searchAttributes);
    if (!result.refused().isEmpty()) {
      throw new IllegalStateException("the test server refused search attributes: " + result.refused());
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
