package com.upgradectl.workflows.pilot;

import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.ARCHIVE;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PILOT;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PLAN;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.PRODUCTION;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitPhase;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.awaitStatus;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.result;
import static com.upgradectl.workflows.pilot.PilotWorkflowTesting.untyped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.StepProgress;
import com.upgradectl.workflows.common.TableProgress;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PilotCreationTest {
  private final PilotWorkflowTesting testing = new PilotWorkflowTesting();
  private final FakeUpgradeActivities activities = testing.activities;

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void startCreatesThePilotAndWaitsReady() {
    PilotUpgradeWorkflow workflow = testing.start();

    PilotStatus status = awaitPhase(workflow, PilotPhase.READY);

    assertThat(activities.calls()).containsExactly(
        "preflight",
        "createPilotDatabase " + PILOT,
        "startChangeCapture " + PRODUCTION,
        "importAllTables",
        "configurationFingerprints",
        "runPilotModeStatements " + PILOT);
    assertThat(status.step()).isNull();
    assertThat(status.failure()).isNull();
    assertThat(status.refreshCount()).isZero();
    assertThat(status.lastVerification()).hasSize(6).allMatch(check -> check.matches());
    assertThat(status.history()).anyMatch(line -> line.contains("imported 6 tables, 600 rows"));
  }

  @Test
  void theReadPointTheCopierChoseIsReportedInTheHistory() {
    activities.readAt("SNAPSHOT isolation, one reader transaction for every table (Azure SQL Database has no database"
        + " snapshots)");
    PilotUpgradeWorkflow workflow = testing.start();

    PilotStatus status = awaitPhase(workflow, PilotPhase.READY);

    assertThat(status.history()).anySatisfy(line -> assertThat(line).contains(" imported 6 tables")
        .endsWith("; verified (production read at SNAPSHOT isolation, one reader transaction for every table"
            + " (Azure SQL Database has no database snapshots))"));
  }

  @Test
  void aSecondUpgradeOfTheSameProductionDatabaseIsRefused() {
    testing.startReady();

    assertThatThrownBy(() -> testing.start(PLAN)).isInstanceOf(WorkflowExecutionAlreadyStarted.class);
  }

  @Test
  void aBadPlanFailsBeforeAnyChange() {
    PilotPlan quoted = new PilotPlan("local", "servicedesk", "pilot'; drop", ARCHIVE, PLAN.upgradePackage(), 2);

    PilotUpgradeWorkflow workflow = testing.start(quoted);

    assertThatThrownBy(() -> result(workflow))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.BAD_INPUT);
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage()).contains("pilot database name", "'''", "nothing was changed");
        });
    assertThat(workflow.status().phase()).isEqualTo(PilotPhase.FAILED);
    assertThat(activities.calls()).isEmpty();
  }

  @Test
  void aFailureWhileCreatingEndsTheUpgradeFailedNamingTheStepAndThePilotLeftBehind() {
    activities.failAt("importAllTables");

    PilotUpgradeWorkflow workflow = testing.start();

    assertThatThrownBy(() -> result(workflow))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.INJECTED);
          assertThat(failure.getOriginalMessage())
              .contains("at step 'import all tables'", "injected failure at importAllTables", PILOT, "left in place");
        });
    PilotStatus status = workflow.status();
    assertThat(status.phase()).isEqualTo(PilotPhase.FAILED);
    assertThat(status.failure()).contains("import all tables", PILOT);
    assertThat(status.history()).last().asString().contains("import all tables");
    assertThat(activities.calls()).doesNotContain("configurationFingerprints");
    assertThat(activities.callsAfter("importAllTables")).as("no capture is left on production")
        .containsExactly("stopChangeCapture " + PRODUCTION);
    assertThat(status.failure()).doesNotContain("could not be removed");
  }

  @Test
  void aCaptureThatCannotBeRemovedAfterAFailedCreationIsNamedForRemovalByHand() {
    activities.failAt("importAllTables");
    activities.failAt("stopChangeCapture " + PRODUCTION);

    PilotUpgradeWorkflow workflow = testing.start();

    assertThatThrownBy(() -> result(workflow)).isInstanceOf(WorkflowFailedException.class);
    assertThat(workflow.status().failure()).contains("import all tables",
        "the change capture could not be removed from " + PRODUCTION, "upgradectl_capture", "by hand");
  }

  @Test
  void aPreflightRefusalEndsTheUpgradeSayingNothingChanged() {
    activities.failAt("preflight");

    PilotUpgradeWorkflow workflow = testing.start();

    assertThatThrownBy(() -> result(workflow))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class,
            failure -> assertThat(failure.getOriginalMessage()).contains("preflight", "nothing was changed"));
    assertThat(activities.calls()).containsExactly("preflight");
  }

  @Test
  void anImportThatDoesNotVerifyEndsTheUpgradeFailedNamingTheTable() {
    activities.mismatchAt("importAllTables", "tickets");

    PilotUpgradeWorkflow workflow = testing.start();

    assertThatThrownBy(() -> result(workflow))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.VERIFICATION);
          assertThat(failure.getOriginalMessage()).contains("tickets (99 rows, production has 100)");
        });
    PilotStatus status = workflow.status();
    assertThat(status.phase()).isEqualTo(PilotPhase.FAILED);
    assertThat(status.lastVerification()).filteredOn(check -> !check.matches()).extracting(c -> c.table())
        .containsExactly("tickets");
  }

  @Test
  void progressSignalsShowInStatusAndCurrentDetailsAndAreClearedWhenTheStepEnds() throws Exception {
    FakeUpgradeActivities.Gate importing = activities.hold("importAllTables");
    PilotUpgradeWorkflow workflow = testing.start();
    importing.awaitEntered();

    workflow.reportProgress(new ProgressReport("import", List.of(
        new TableProgress("tickets", 250, 1000, 8192, false),
        new TableProgress("comments", 40, 40, 1024, true))));
    workflow.reportProgress(new ProgressReport("import", List.of(new TableProgress("tickets", 500, 1000, 16384, false))));

    PilotStatus status = awaitStatus(workflow, s -> s.progress().size() == 2
        && s.progress().get(0).rowsDone() == 500, "both tables' latest progress");
    assertThat(status.phase()).isEqualTo(PilotPhase.CREATING);
    assertThat(status.step()).isEqualTo("import all tables");
    assertThat(currentDetails(workflow))
        .contains("**Phase:** CREATING", "import all tables", "| tickets | 500 | 1,000 | 50% |", "| comments | 40 | 40 | 100% |");

    importing.release();
    PilotStatus ready = awaitPhase(workflow, PilotPhase.READY);
    assertThat(ready.progress()).isEmpty();
    assertThat(currentDetails(workflow)).contains("**Phase:** READY").doesNotContain("tickets");
  }

  @Test
  void theStatusSaysWhatTheStepIsDoingAndSinceWhenAsTheActivityReportedIt() throws Exception {
    FakeUpgradeActivities.Gate importing = activities.hold("importAllTables");
    PilotUpgradeWorkflow workflow = testing.start();
    importing.awaitEntered();
    Instant began = Instant.parse("2030-05-01T10:00:00Z");

    workflow.reportProgress(new ProgressReport("import: verifying", List.of(
        new TableProgress("tickets", 1000, 1000, 8192, true)), began, began.plusSeconds(30), began.plusSeconds(31),
        200));

    PilotStatus status = awaitStatus(workflow, s -> s.stepProgress() != null && s.stepProgress().doing() != null,
        "the stage reported");
    StepProgress step = status.stepProgress();
    assertThat(step.doing()).isEqualTo("import: verifying");
    assertThat(step.workStartedAt()).isEqualTo(began);
    assertThat(step.doingSince()).isEqualTo(began.plusSeconds(30));
    assertThat(step.reportedAt()).isEqualTo(began.plusSeconds(31));
    assertThat(step.rowsAtStart()).isEqualTo(200);
    assertThat(step.stepStartedAt()).as("the workflow's own time the step began").isNotNull();

    importing.release();
    assertThat(awaitPhase(workflow, PilotPhase.READY).stepProgress()).as("nothing under way").isNull();
  }

  @Test
  void progressOutsideAStepIsDropped() {
    PilotUpgradeWorkflow workflow = testing.startReady();

    workflow.reportProgress(new ProgressReport("late", List.of(new TableProgress("tickets", 1, 2, 3, false))));

    assertThat(workflow.status().progress()).isEmpty();
  }

  @Test
  void theWorkflowSetsItsSearchAttributesAndKeepsThePhaseCurrent() {
    PilotUpgradeWorkflow workflow = testing.startWithoutSearchAttributes();
    awaitPhase(workflow, PilotPhase.READY);

    SearchAttributes attributes = untyped(workflow).describe().getTypedSearchAttributes();

    assertThat(attributes.get(UpgradeSearchAttributes.SCENARIO)).isEqualTo("pilot");
    assertThat(attributes.get(UpgradeSearchAttributes.PHASE)).isEqualTo("READY");
    assertThat(attributes.get(UpgradeSearchAttributes.PRODUCTION_DATABASE)).isEqualTo("local/servicedesk");
    assertThat(attributes.get(UpgradeSearchAttributes.TARGET_VERSION)).isEqualTo("2");

    workflow.abandon();
    result(workflow);
    assertThat(untyped(workflow).describe().getTypedSearchAttributes().get(UpgradeSearchAttributes.PHASE))
        .isEqualTo("ABANDONED");
  }

  @Test
  void theStartOptionsGiveTheUiASummaryAndDetails() {
    PilotUpgradeWorkflow workflow = testing.startReady();

    var description = untyped(workflow).describe();

    assertThat(description.getStaticSummary())
        .isEqualTo("package servicedesk 1 → 2 · pilot upgrade of database servicedesk on server profile local");
    assertThat(description.getMemo("serverProfile", String.class)).isEqualTo("local");
    assertThat(description.getMemo("productionDatabase", String.class)).isEqualTo("servicedesk");
    assertThat(description.getMemo("package", String.class)).isEqualTo("servicedesk 1 -> 2");
    assertThat(description.getStaticDetails()).contains("| Pilot | " + PILOT + " |", "| Archive name at the switch | " + ARCHIVE);
    assertThat(description.getExecution().getWorkflowId()).isEqualTo("pilot-upgrade/local/servicedesk");
  }

  @Test
  void everyActivityCarriesASummaryOfWhatItDoes() {
    PilotUpgradeWorkflow workflow = testing.startReady();

    List<String> summaries = testing.env.getWorkflowExecutionHistory(testing.execution(workflow)).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(event -> DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            event.getUserMetadata().getSummary(), String.class, String.class))
        .toList();

    assertThat(summaries).containsExactly(
        "preflight: check servicedesk, the names and the package servicedesk 1 -> 2 (changes nothing)",
        "create " + PILOT + " with the version 2 schema",
        "start capturing the writes to 3 data-record tables of servicedesk by key",
        "import 6 tables from servicedesk into " + PILOT,
        "fingerprint 3 configuration tables of servicedesk: the baseline for drift",
        "run the pilot-mode statements in " + PILOT);
  }

  private static String currentDetails(PilotUpgradeWorkflow workflow) {
    return untyped(workflow).query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails();
  }
}
