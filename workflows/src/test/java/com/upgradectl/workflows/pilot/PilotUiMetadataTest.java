package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitPhase;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.untyped;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import io.temporal.api.sdk.v1.WorkflowInteractionDefinition;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the Temporal UI shows of a pilot upgrade, read the way the UI reads it: the
 * {@code __temporal_workflow_metadata} query (current details, and the descriptions of the queries,
 * signals and updates).
 */
class PilotUiMetadataTest {
  private static final String TARGET = " --profile local --database servicedesk`";
  private final PilotWorkflowTesting testing = new PilotWorkflowTesting();
  private final FakeUpgradeActivities activities = testing.activities;

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void whileImportingTheDetailsShowTheSubStepRowsAndRate() throws Exception {
    FakeUpgradeActivities.Gate importing = activities.hold("importAllTables");
    PilotUpgradeWorkflow workflow = testing.start();
    importing.awaitEntered();

    WorkflowStub stub = untyped(workflow);
    stub.signal("reportProgress", report("import: copying", 100, 0));
    awaitDetails(stub, d -> d.contains("**Rows:** 100 of"));
    Thread.sleep(20); // the second report at a later workflow time, so a rate can be measured
    stub.signal("reportProgress", new ProgressReport("import: copying",
        List.of(new TableProgress("tickets", 600, 1000, 0, false))));
    String details = awaitDetails(stub, d -> d.contains("rows/s"));
    importing.release();

    assertThat(details).contains("**Phase:** CREATING", "**Step:** import all tables · **elapsed** ",
        "**Now:** import: copying", "**Rows:** 600 of 1,100 (54%) · **tables done:** 0 of 2", "rows/s", "**ETA:** ",
        "| tickets | 600 | 1,000 | 60% |", "| comments | 0 | 100 | 0% |", "follow it: `upgradectl watch" + TARGET,
        "| preflight | ", "| create the pilot database | ", "| capture production's writes | ");
  }

  @Test
  void atRestTheDetailsShowWhatThePilotHoldsAndWhatCanBeDoneNext() {
    PilotUpgradeWorkflow workflow = testing.startReady();
    activities.changeProductionConfiguration("settings");
    workflow.refresh();
    PilotWorkflowTesting.awaitStatus(workflow, s -> s.refreshCount() == 1 && s.phase() == PilotPhase.READY,
        "the refresh");

    String details = awaitDetails(untyped(workflow), d -> d.contains("**Refreshes:** 1"));

    assertThat(details).contains("**Phase:** READY · **production** servicedesk · **pilot** servicedesk_v2_pilot",
        "**Imported:** 6 tables, 600 rows at ", "**Refreshes:** 1 · last at ", ", 300 rows",
        "**Verified:** all 3 tables match production (rows and checksums)",
        "**Configuration changed in production since the pilot was created:** settings",
        "- refresh the pilot's data records: `upgradectl pilot refresh" + TARGET,
        "- see how long production would be frozen: `upgradectl pilot switch --dry-run" + TARGET,
        "- switch now, or at a time: `upgradectl pilot switch" + TARGET,
        "- abandon the pilot (production is not changed): `upgradectl pilot abandon" + TARGET);
    assertThat(details).as("steps are listed only while working").doesNotContain("| Step done |");
  }

  @Test
  void duringARefreshTheActivitysSubStepIsShownNotJustTablesAtHundredPercent() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    FakeUpgradeActivities.Gate resync = activities.hold("resyncDataTables");
    workflow.refresh();
    resync.awaitEntered();

    WorkflowStub stub = untyped(workflow);
    stub.signal("reportProgress", new ProgressReport("resync: verifying",
        List.of(new TableProgress("tickets", 100, 100, 0, true))));
    String details = awaitDetails(stub, d -> d.contains("resync: verifying"));
    resync.release();

    assertThat(details).contains("**Phase:** REFRESHING", "**Step:** re-import data records",
        "**Now:** resync: verifying · **for** ", "| tickets | 100 | 100 | 100% |");
    assertThat(details).as("a refresh starts a new list of steps").doesNotContain("| preflight |");
  }

  @Test
  void duringTheSwitchEachEndedStepIsListedWithHowLongItTook() throws Exception {
    PilotUpgradeWorkflow workflow = testing.startReady();
    FakeUpgradeActivities.Gate freeze = activities.hold("freezeProduction servicedesk");
    workflow.switchToProduction(SwitchRequest.now());
    freeze.awaitEntered();

    String details = awaitDetails(untyped(workflow), d -> d.contains("**Step:** freeze production"));
    freeze.release();

    assertThat(details).contains("**Phase:** SWITCHING", "| Step done | Took |", "| check switch guardrails | ",
        "| capture production settings | ", "| refresh before the freeze | ");
    awaitPhase(workflow, PilotPhase.SWITCHED);
  }

  @Test
  void queriesSignalsAndUpdatesCarryDescriptions() {
    PilotUpgradeWorkflow workflow = testing.startReady();

    WorkflowMetadata metadata = metadata(untyped(workflow));

    Map<String, String> updates = described(metadata.getDefinition().getUpdateDefinitionsList());
    assertThat(updates.keySet()).contains("refresh", "switch", "cancelSwitch", "abandon", "switchBack", "forecastSwitch");
    assertThat(updates.values()).allSatisfy(d -> assertThat(d).isNotBlank());
    assertThat(updates.get("switch")).contains("guardrails");
    assertThat(described(metadata.getDefinition().getQueryDefinitionsList()).get("status"))
        .contains("upgradectl status");
    assertThat(described(metadata.getDefinition().getSignalDefinitionsList()).get("reportProgress"))
        .contains("Not for people to send");
  }

  private static Map<String, String> described(List<WorkflowInteractionDefinition> definitions) {
    return definitions.stream().filter(d -> !d.getName().startsWith("__"))
        .collect(Collectors.toMap(WorkflowInteractionDefinition::getName, WorkflowInteractionDefinition::getDescription));
  }

  private static ProgressReport report(String step, long ticketsDone, long commentsDone) {
    return new ProgressReport(step, List.of(new TableProgress("tickets", ticketsDone, 1000, 0, false),
        new TableProgress("comments", commentsDone, 100, 0, false)));
  }

  static WorkflowMetadata metadata(WorkflowStub stub) {
    return stub.query("__temporal_workflow_metadata", WorkflowMetadata.class);
  }

  static String awaitDetails(WorkflowStub stub, Predicate<String> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String details = metadata(stub).getCurrentDetails();
    while (!condition.test(details)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the current details never showed what was expected; last:\n" + details);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      details = metadata(stub).getCurrentDetails();
    }
    return details;
  }
}
