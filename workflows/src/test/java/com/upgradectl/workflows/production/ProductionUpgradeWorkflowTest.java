package com.upgradectl.workflows.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.production.ProductionWorkflowTesting.Outcome;
import io.temporal.common.SearchAttributeKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The production upgrade's steps, phases, undo order and status, with the activities stubbed. */
class ProductionUpgradeWorkflowTest {
  private static final ProductionPlan PLAN = ProductionWorkflowTesting.PLAN;
  private static final PackageRef PACKAGE = ProductionWorkflowTesting.PACKAGE;

  private ProductionWorkflowTesting testing;
  private FakeProductionActivities activities;

  @BeforeEach
  void start() {
    testing = new ProductionWorkflowTesting();
    activities = testing.activities;
  }

  @AfterEach
  void stop() {
    testing.close();
  }

  @Test
  void theStepsRunInOrderEachInItsPhase() {
    Outcome outcome = run(PLAN);

    assertThat(outcome.failure()).isNull();
    assertThat(activities.calls).containsExactly("preflight@PREFLIGHT", "blockUsers@BLOCKING",
        "createSafetyCopy@SAFETY_COPY", "mappedFingerprints@MIGRATING", "migrate@MIGRATING", "verifyUpgrade@VERIFYING",
        "dropMigrationHistory@VERIFYING", "unblockUsers@UNBLOCKING", "dropSafetyCopy@CLEANUP");
    ProductionStatus status = outcome.status();
    assertThat(status.phase()).isEqualTo(ProductionPhase.UPGRADED);
    assertThat(status.step()).isNull();
    assertThat(status.failure()).isNull();
    assertThat(status.failedStep()).isNull();
    assertThat(status.sessionsEnded()).containsExactly(FakeProductionActivities.SESSION);
    assertThat(status.migrationsApplied()).containsExactly("2 from v1 (V2__from_v1.sql)");
    assertThat(status.verification().passed()).isTrue();
    assertThat(status.databasesLeft()).isEmpty();
    assertThat(lines(status)).containsExactly(
        "preflight passed: postgresql, servicedesk is at version 1, 1 migration(s) to run: V2__from_v1.sql",
        "blocking will end these sessions on servicedesk: " + FakeProductionActivities.SESSION,
        "ended session on servicedesk: " + FakeProductionActivities.SESSION,
        "blocked servicedesk: 1 application session(s) ended, new ones refused",
        "created the safety copy servicedesk_v1_safety of servicedesk",
        "fingerprinted 1 tables of servicedesk as the package maps them, 3 rows",
        "applied 1 migration(s) to servicedesk: 2 from v1 (V2__from_v1.sql)",
        "verified servicedesk: version 2, the target schema, 1 tables equal to production's rows as the package maps them",
        "dropped the migration history table of servicedesk",
        "unblocked servicedesk: the application may connect again",
        "dropped the safety copy servicedesk_v1_safety",
        "production servicedesk is upgraded to version 2");
    assertThat(searchAttribute(UpgradeSearchAttributes.PHASE)).isEqualTo("UPGRADED");
    assertThat(searchAttribute(UpgradeSearchAttributes.SCENARIO)).isEqualTo(UpgradeSearchAttributes.PRODUCTION);
  }

  /** Users are locked out while it runs: the UI (its metadata query) shows each step and how long it took. */
  @Test
  void theUiShowsTheStepUnderWayAndEveryEndedStepWithItsDuration() {
    run(PLAN);

    assertThat(activities.detailsAtCall.get("createSafetyCopy")).contains("**Phase:** SAFETY_COPY",
        "**Step:** create the safety copy · **elapsed** ", "| Step done | Took |", "| preflight | ",
        "| block users | ");
    assertThat(activities.detailsAtCall.get("verifyUpgrade")).contains("**Phase:** VERIFYING",
        "| create the safety copy | ", "**Migrations applied:** 2 from v1 (V2__from_v1.sql)");
  }

  @Test
  void aKeptSafetyCopyIsListedAndNotDropped() {
    Outcome outcome = run(ProductionPlan.withDefaults("local", "servicedesk", null, PACKAGE, true));

    assertThat(activities.calls).doesNotContain("dropSafetyCopy@CLEANUP");
    assertThat(outcome.status().phase()).isEqualTo(ProductionPhase.UPGRADED);
    assertThat(outcome.status().databasesLeft()).singleElement().asString()
        .startsWith("servicedesk_v1_safety: the safety copy").endsWith("kept as asked");
  }

  private static final String SAFETY_FILE = "backup file /backup/servicedesk-servicedesk_v1_safety.bak";
  private static final String FAILED_FILE = "backup file /backup/servicedesk-servicedesk_failed_1.bak";

  @Test
  void aSafetyCopyThatIsABackupFileIsNamedAsSuchInTheStatus() {
    activities.safetyCopiesAreBackupFiles(SAFETY_FILE, FAILED_FILE);

    Outcome outcome = run(ProductionPlan.withDefaults("local", "servicedesk", null, PACKAGE, true));

    assertThat(lines(outcome.status())).contains("created the safety copy " + SAFETY_FILE + " of servicedesk");
    assertThat(outcome.status().databasesLeft()).singleElement().asString()
        .startsWith(SAFETY_FILE + ": the safety copy").endsWith("kept as asked");
  }

  @Test
  void productionRestoredOverTheFailedOneNamesTheBackupOfTheFailedState() {
    activities.safetyCopiesAreBackupFiles(SAFETY_FILE, FAILED_FILE);
    activities.fail("migrate");

    Outcome outcome = run(PLAN);

    assertThat(outcome.status().phase()).isEqualTo(ProductionPhase.RESTORED);
    assertThat(outcome.status().failure()).contains("restore servicedesk from the safety copy " + SAFETY_FILE
        + " (over the failed database, first backed up to " + FAILED_FILE + ")");
    assertThat(outcome.status().databasesLeft()).containsExactly(FAILED_FILE + ": servicedesk as the failed upgrade"
        + " left it, backed up before production was restored over it; restore it under another name to inspect it,"
        + " then delete it");
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("blockUsers", "block users", List.of("unblockUsers@BLOCKING")),
        Arguments.of("createSafetyCopy", "create the safety copy",
            List.of("dropSafetyCopy@SAFETY_COPY", "unblockUsers@SAFETY_COPY")),
        Arguments.of("mappedFingerprints", "fingerprint production",
            List.of("dropSafetyCopy@MIGRATING", "unblockUsers@MIGRATING")),
        Arguments.of("migrate", "run the migrations",
            List.of("restoreFromSafetyCopy@RESTORING", "unblockUsers@RESTORING")),
        Arguments.of("verifyUpgrade", "verify the upgrade",
            List.of("restoreFromSafetyCopy@RESTORING", "unblockUsers@RESTORING")));
  }

  @ParameterizedTest(name = "{0} fails")
  @MethodSource("failures")
  void aFailedStepIsUndoneNewestFirstAndProductionIsRestored(String method, String step, List<String> undo) {
    activities.fail(method);

    Outcome outcome = run(PLAN);

    List<String> calls = activities.calls;
    int failedAt = calls.indexOf(calls.stream().filter(c -> c.startsWith(method + "@")).findFirst().orElseThrow());
    assertThat(calls.subList(failedAt + 1, calls.size())).as("the undo steps, in order").isEqualTo(undo);
    assertThat(outcome.failure().getType()).isEqualTo(FailureTypes.STEP_FAILED);
    ProductionStatus status = outcome.status();
    assertThat(status.phase()).isEqualTo(ProductionPhase.RESTORED);
    assertThat(status.failedStep()).isEqualTo(step);
    assertThat(status.failure()).startsWith("production upgrade failed at step '" + step + "': boom at " + method
        + ". Production servicedesk is as it was before the upgrade and open to the application again");
    boolean restored = undo.get(0).startsWith("restoreFromSafetyCopy");
    assertThat(status.databasesLeft()).isEqualTo(restored
        ? List.of("servicedesk_failed_1: servicedesk as the failed upgrade left it, renamed aside and blocked; never"
            + " dropped by upgradectl, inspect it, then drop it by hand")
        : List.of());
    assertThat(lines(status)).contains("production upgrade failed at step '" + step + "': boom at " + method
        + "; undoing");
    assertThat(status.failure().contains("drop the unused safety copy")).as("reports dropping the safety copy")
        .isEqualTo(undo.stream().anyMatch(call -> call.startsWith("dropSafetyCopy@")));
    assertThat(searchAttribute(UpgradeSearchAttributes.PHASE)).isEqualTo("RESTORED");
  }

  @Test
  void aVerificationThatDoesNotPassRestoresProductionNamingTheDifference() {
    activities.verificationFails();

    Outcome outcome = run(PLAN);

    assertThat(activities.calls).endsWith("verifyUpgrade@VERIFYING", "restoreFromSafetyCopy@RESTORING",
        "unblockUsers@RESTORING");
    assertThat(outcome.status().phase()).isEqualTo(ProductionPhase.RESTORED);
    assertThat(outcome.status().failure()).startsWith("production upgrade failed at step 'verify the upgrade': the"
        + " migrated production does not pass verification: tickets has 2 rows, production as mapped had 3");
    assertThat(outcome.status().verification().passed()).isFalse();
  }

  @Test
  void aFailedRestoreLeavesProductionBlockedAndKeepsTheSafetyCopy() {
    activities.fail("migrate");
    activities.fail("restoreFromSafetyCopy");

    Outcome outcome = run(PLAN);

    assertThat(activities.calls).endsWith("migrate@MIGRATING", "restoreFromSafetyCopy@RESTORING")
        .doesNotContain("unblockUsers@RESTORING", "dropSafetyCopy@RESTORING");
    assertThat(outcome.failure().getType()).isEqualTo(FailureTypes.ROLLBACK_INCOMPLETE);
    ProductionStatus status = outcome.status();
    assertThat(status.phase()).isEqualTo(ProductionPhase.FAILED);
    assertThat(status.failure()).startsWith("PRODUCTION UPGRADE FAILED AND COULD NOT BE FULLY UNDONE."
        + " production upgrade failed at step 'run the migrations': boom at migrate. NOT UNDONE: restore servicedesk")
        .contains("Left undone on purpose: unblock servicedesk (settings as before: {connectionLimit=40}). Undone: nothing");
    assertThat(status.databasesLeft()).singleElement().asString().startsWith("servicedesk_v1_safety: the safety copy");
  }

  @Test
  void aBadPlanIsRefusedWithoutCallingAnything() {
    Outcome outcome = run(ProductionPlan.withDefaults("local", "service desk", null, PACKAGE, false));

    assertThat(activities.calls).isEmpty();
    assertThat(outcome.failure().getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(outcome.status().phase()).isEqualTo(ProductionPhase.FAILED);
    assertThat(outcome.status().failure()).startsWith("bad plan: production database name 'service desk' contains"
        + " whitespace").endsWith("; nothing was changed");
  }

  @Test
  void aPreflightRefusalChangesNothingAndKeepsItsType() {
    activities.fail("preflight");

    Outcome outcome = run(PLAN);

    assertThat(activities.calls).containsExactly("preflight@PREFLIGHT");
    assertThat(outcome.status().phase()).isEqualTo(ProductionPhase.FAILED);
    assertThat(outcome.status().failure())
        .isEqualTo("preflight refused the upgrade at step 'preflight': boom at preflight; nothing was changed");
  }

  private Outcome run(ProductionPlan plan) {
    return testing.run(plan);
  }

  private String searchAttribute(SearchAttributeKey<String> key) {
    return testing.searchAttribute(key);
  }

  /** The history without its timestamps. */
  private static List<String> lines(ProductionStatus status) {
    return status.history().stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
  }
}
