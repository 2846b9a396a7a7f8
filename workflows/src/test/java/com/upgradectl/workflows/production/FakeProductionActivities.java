package com.upgradectl.workflows.production;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.ProductionSettings;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the production activities: records each call with the workflow's phase at that
 * moment (asked through the status query), answers like a healthy server, and fails the methods it
 * is told to fail, non-retryably.
 */
final class FakeProductionActivities implements ProductionActivities {
  static final ProductionSettings SETTINGS = new ProductionSettings("servicedesk", Map.of("connectionLimit", "40"));
  static final DatabaseAttributes ATTRIBUTES = new DatabaseAttributes("servicedesk", "desk_owner", null, true,
      List.of(), List.of());
  static final String SESSION = "pid 7 (user desk_app, application desk-web, client 10.0.0.8, idle)";
  static final TableCheck TICKETS = new TableCheck("tickets", 3, 3, "abc", "abc", List.of("id", "summary"));

  final List<String> calls = new CopyOnWriteArrayList<>();
  /** The workflow's current details as the Temporal UI read them at each call, by method. */
  final Map<String, String> detailsAtCall = new java.util.concurrent.ConcurrentHashMap<>();
  private final Set<String> failing = new java.util.concurrent.CopyOnWriteArraySet<>();
  private volatile WorkflowClient client;
  private volatile boolean verificationPasses = true;
  private volatile String safetyCopy;
  private volatile String failedCopy;

  void useClient(WorkflowClient client) {
    this.client = client;
  }

  void fail(String method) {
    failing.add(method);
  }

  void verificationFails() {
    verificationPasses = false;
  }

  /** Preflight reports the safety copy and a failed production's copy as SQL Server's backup files. */
  void safetyCopiesAreBackupFiles(String safetyCopy, String failedCopy) {
    this.safetyCopy = safetyCopy;
    this.failedCopy = failedCopy;
  }

  @Override
  public ProductionPreflight preflight(ProductionPlan plan) {
    call("preflight");
    return new ProductionPreflight("postgresql", "1", List.of(SESSION), List.of("V2__from_v1.sql"),
        "servicedesk_failed_1", SETTINGS, ATTRIBUTES, List.of(), safetyCopy, failedCopy);
  }

  @Override
  public List<String> blockUsers(ProductionPlan plan) {
    call("blockUsers");
    return List.of(SESSION);
  }

  @Override
  public void unblockUsers(ProductionPlan plan, ProductionSettings prior) {
    call("unblockUsers");
  }

  @Override
  public void createSafetyCopy(ProductionPlan plan) {
    call("createSafetyCopy");
  }

  @Override
  public void dropSafetyCopy(ProductionPlan plan) {
    call("dropSafetyCopy");
  }

  @Override
  public List<TableCheck> mappedFingerprints(ProductionPlan plan) {
    call("mappedFingerprints");
    return List.of(TICKETS);
  }

  @Override
  public MigrationResult migrate(ProductionPlan plan) {
    call("migrate");
    return new MigrationResult(List.of("2 from v1 (V2__from_v1.sql)"));
  }

  @Override
  public ProductionVerification verifyUpgrade(ProductionPlan plan, List<TableCheck> before) {
    call("verifyUpgrade");
    TableCheck tickets = verificationPasses ? before.get(0)
        : new TableCheck("tickets", 3, 2, "abc", "def", List.of("id", "summary"));
    return new ProductionVerification("2", "2", List.of(), List.of(tickets));
  }

  @Override
  public void dropMigrationHistory(ProductionPlan plan) {
    call("dropMigrationHistory");
  }

  @Override
  public void restoreFromSafetyCopy(ProductionPlan plan, String failedDatabase, DatabaseAttributes attributes) {
    call("restoreFromSafetyCopy");
  }

  private void call(String method) {
    String workflowId = Activity.getExecutionContext().getInfo().getWorkflowId();
    ProductionPhase phase = client.newWorkflowStub(ProductionUpgradeWorkflow.class, workflowId).status().phase();
    calls.add(method + "@" + phase);
    detailsAtCall.put(method, client.newUntypedWorkflowStub(workflowId)
        .query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class).getCurrentDetails());
    if (failing.contains(method)) {
      throw ApplicationFailure.newNonRetryableFailure("boom at " + method, "Boom");
    }
  }
}
