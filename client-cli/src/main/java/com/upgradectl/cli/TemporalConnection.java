package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import com.upgradectl.worker.codec.AesGcmPayloadCodec;
import com.upgradectl.worker.codec.EncryptionKeys;
import com.upgradectl.worker.connect.TemporalSecurity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A checked connection to Temporal; refuses to start a command against a server that does not answer. */
final class TemporalConnection implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String address;

  private TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client, String address) {
    this.stubs = stubs;
    this.client = client;
    this.address = address;
  }

  static TemporalConnection open(String address, String namespace) {
    return open(address, namespace, TemporalSecurity.none(), null);
  }

  /** @param keys payload encryption keys (the worker's), or null for plaintext payloads */
  static TemporalConnection open(String address, String namespace, TemporalSecurity security, EncryptionKeys keys) {
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(
          security.applyTo(WorkflowServiceStubsOptions.newBuilder()).setTarget(address).build(), CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      throw CommandFailure.unreachable("cannot reach Temporal at " + address + " (" + Failures.rootMessage(e)
          + "); is a worker running (worker --dev) or Temporal elsewhere (--temporal-address)?", e);
    }
    WorkflowClientOptions.Builder options = WorkflowClientOptions.newBuilder().setNamespace(namespace);
    if (keys != null) {
      options.setDataConverter(AesGcmPayloadCodec.dataConverter(keys));
    }
    WorkflowClient client = WorkflowClient.newInstance(stubs, options.build());
    return new TemporalConnection(stubs, client, address);
  }

  WorkflowClient client() {
    return client;
  }

  String address() {
    return address;
  }

  /** A stub of an existing pilot upgrade; calls on a missing one fail with WorkflowNotFoundException. */
  PilotUpgradeWorkflow pilot(String workflowId) {
    return client.newWorkflowStub(PilotUpgradeWorkflow.class, workflowId);
  }

  /** A stub of an existing production upgrade. */
  ProductionUpgradeWorkflow production(String workflowId) {
    return client.newWorkflowStub(ProductionUpgradeWorkflow.class, workflowId);
  }

  /**
   * Why an upgrade no longer takes requests, if it exists but has ended (Temporal answers "not
   * found" to an Update sent to a closed workflow); empty when there is no such upgrade at all.
   */
  Optional<String> endedUpgrade(String workflowId) {
    WorkflowExecutionMetadata execution;
    try {
      execution = client.newUntypedWorkflowStub(workflowId).describe();
    } catch (RuntimeException e) {
      if (Failures.classify(e).exitCode() == ExitCodes.NO_SUCH_UPGRADE) {
        return Optional.empty();
      }
      throw e;
    }
    if (execution.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    String phase;
    try {
      phase = pilot(workflowId).status().phase().name();
    } catch (RuntimeException e) {
      phase = "unknown";
    }
    return Optional.of("refused: the upgrade " + workflowId + " has ended (phase " + phase + ", workflow "
        + execution.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "") + "): it takes no more requests");
  }

  @Override
  public void close() {
    stubs.shutdown();
    try {
      stubs.awaitTermination(5, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      stubs.shutdownNow();
    }
  }
}
