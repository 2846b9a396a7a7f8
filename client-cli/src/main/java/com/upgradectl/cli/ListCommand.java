package com.upgradectl.cli;

import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.production.ProductionUpgradeWorkflow;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.common.converter.DefaultDataConverter;
import com.google.protobuf.ByteString;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists pilot and production upgrades, running and finished. Uses ListOpen/ListClosedWorkflowExecutions (which the
 * test server has, unlike visibility queries) and filters by the workflow-id prefix.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List upgrades (pilot and production), running and finished.")
final class ListCommand implements Callable<Integer> {

  @Option(names = "--profile", paramLabel = "PROFILE", description = "only upgrades on this connection profile")
  String profile;

  @Mixin TemporalOptions temporal;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  /** One upgrade run, as listed. */
  record Entry(String workflowId, String runId, String phase, String status, Instant started, Instant closed) {}

  @Override
  public Integer call() {
    String suffix = profile == null ? "" : UpgradeTarget.requireProfile(profile) + "/";
    List<String> prefixes = List.of(PilotWorkflowIds.PREFIX + suffix, ProductionWorkflowIds.PREFIX + suffix);
    try (TemporalConnection connection = temporal.connect()) {
      List<WorkflowExecutionInfo> executions = new ArrayList<>();
      executions.addAll(open(connection));
      executions.addAll(closed(connection));
      List<Entry> entries = executions.stream()
          .filter(e -> prefixes.stream().anyMatch(e.getExecution().getWorkflowId()::startsWith))
          .map(e -> entry(connection, e))
          .sorted(Comparator.comparing(Entry::started).reversed())
          .toList();
      if (output.json()) {
        Json.print(spec.commandLine().getOut(), entries);
      } else {
        printTable(entries);
      }
      return ExitCodes.OK;
    }
  }

  private void printTable(List<Entry> entries) {
    var out = spec.commandLine().getOut();
    if (entries.isEmpty()) {
      out.println("no upgrades" + (profile == null ? "" : " on profile " + profile));
      out.flush();
      return;
    }
    int width = Math.max(11, entries.stream().mapToInt(e -> e.workflowId().length()).max().orElse(0));
    String format = "%-" + width + "s  %-16s  %-10s  %s%n";
    out.printf(Locale.ROOT, format, "WORKFLOW ID", "PHASE", "STATUS", "STARTED");
    for (Entry e : entries) {
      out.printf(Locale.ROOT, format, e.workflowId(), e.phase(), e.status(),
          Times.shown(e.started(), ZoneId.systemDefault()));
    }
    out.flush();
  }

  private static List<WorkflowExecutionInfo> open(TemporalConnection connection) {
    return allPages(page -> {
      ListOpenWorkflowExecutionsResponse response = connection.client().getWorkflowServiceStubs().blockingStub()
          .listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
              .setNamespace(connection.client().getOptions().getNamespace())
              .setMaximumPageSize(1000).setNextPageToken(page).build());
      return new Page(response.getExecutionsList(), response.getNextPageToken());
    });
  }

  private static List<WorkflowExecutionInfo> closed(TemporalConnection connection) {
    return allPages(page -> {
      ListClosedWorkflowExecutionsResponse response = connection.client().getWorkflowServiceStubs().blockingStub()
          .listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
              .setNamespace(connection.client().getOptions().getNamespace())
              .setMaximumPageSize(1000).setNextPageToken(page).build());
      return new Page(response.getExecutionsList(), response.getNextPageToken());
    });
  }

  private record Page(List<WorkflowExecutionInfo> executions, ByteString nextPageToken) {}

  /** Open and closed listings page the same way; only the request differs. */
  private static List<WorkflowExecutionInfo> allPages(java.util.function.Function<ByteString, Page> fetch) {
    List<WorkflowExecutionInfo> all = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      Page page = fetch.apply(token);
      all.addAll(page.executions());
      token = page.nextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  private static Entry entry(TemporalConnection connection, WorkflowExecutionInfo info) {
    String status = info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    return new Entry(info.getExecution().getWorkflowId(), info.getExecution().getRunId(), phase(connection, info),
        status, toInstant(info.getStartTime()), info.hasCloseTime() && info.getCloseTime().getSeconds() > 0
            ? toInstant(info.getCloseTime()) : null);
  }

  /** The phase search attribute when the server returns it (the test server does not), else the status query. */
  private static String phase(TemporalConnection connection, WorkflowExecutionInfo info) {
    Payload attribute = info.getSearchAttributes().getIndexedFieldsMap().get(UpgradeSearchAttributes.PHASE.getName());
    if (attribute != null) {
      return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(attribute, String.class, String.class);
    }
    String id = info.getExecution().getWorkflowId();
    Optional<String> run = Optional.of(info.getExecution().getRunId());
    try {
      if (UpgradeTarget.isProductionUpgrade(id)) {
        return connection.client().newWorkflowStub(ProductionUpgradeWorkflow.class, id, run).status().phase().name();
      }
      return connection.client().newWorkflowStub(PilotUpgradeWorkflow.class, id, run).status().phase().name();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static Instant toInstant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
