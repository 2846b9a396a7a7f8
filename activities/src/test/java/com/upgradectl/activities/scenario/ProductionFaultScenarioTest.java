package com.upgradectl.activities.scenario;

import static com.upgradectl.activities.scenario.ScenarioFixture.PRODUCTION_CONNECTION_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.scenario.ProductionScenario.Outcome;
import com.upgradectl.activities.testing.DatabaseFingerprint;
import com.upgradectl.activities.testing.FaultInjection.Fault;
import com.upgradectl.activities.testing.FaultInjection.When;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure injected into the real activities at each step of the production upgrade, before the
 * step's real call and after it succeeded. Whatever the step, production afterwards has its name, is
 * online, holds every row — as it was before the upgrade when the failure came before the upgraded
 * production was verified, as upgraded when it came after — the status names the step and the cause,
 * and every database the upgrade leaves behind is listed in the status.
 */
class ProductionFaultScenarioTest {

  /** What production holds after a failure at a step. */
  enum Holds { AS_BEFORE, AS_UPGRADED }

  /** A step: the activity method doing it, the workflow's name for it, and how the upgrade ends. */
  enum Step {
    PREFLIGHT("preflight", "preflight", ProductionPhase.FAILED, Holds.AS_BEFORE),
    BLOCK("blockUsers", "block users", ProductionPhase.RESTORED, Holds.AS_BEFORE),
    SAFETY_COPY("createSafetyCopy", "create the safety copy", ProductionPhase.RESTORED, Holds.AS_BEFORE),
    FINGERPRINT("mappedFingerprints", "fingerprint production", ProductionPhase.RESTORED, Holds.AS_BEFORE),
    MIGRATE("migrate", "run the migrations", ProductionPhase.RESTORED, Holds.AS_BEFORE),
    VERIFY("verifyUpgrade", "verify the upgrade", ProductionPhase.RESTORED, Holds.AS_BEFORE),
    DROP_HISTORY("dropMigrationHistory", "drop the migration history", ProductionPhase.UPGRADED, Holds.AS_UPGRADED),
    UNBLOCK("unblockUsers", "unblock users", ProductionPhase.FAILED, Holds.AS_UPGRADED),
    DROP_SAFETY_COPY("dropSafetyCopy", "drop the safety copy", ProductionPhase.UPGRADED, Holds.AS_UPGRADED);

    final String method;
    final String name;
    final ProductionPhase end;
    final Holds holds;

    Step(String method, String name, ProductionPhase end, Holds holds) {
      this.method = method;
      this.name = name;
      this.end = end;
      this.holds = holds;
    }
  }

  @TempDir
  static Path packages;

  private static ScenarioFixture fixture;
  private static DatabaseFingerprint referenceBefore;
  private static DatabaseFingerprint referenceUpgraded;
  private final List<String> databases = new ArrayList<>();

  /** A sample production upgraded without fault: what every production of the tests looks like before and after. */
  @BeforeAll
  static void start() {
    fixture = ScenarioFixture.start(packages);
    ProductionScenario.createRoles(fixture);
    String reference = ProductionScenario.newProduction(fixture, "reference");
    referenceBefore = ProductionScenario.fingerprint(fixture, reference);
    Outcome upgraded = ProductionScenario.run(fixture, ProductionScenario.plan(fixture, reference, false));
    assertThat(upgraded.status().phase()).as("failure: %s", upgraded.status().failure())
        .isEqualTo(ProductionPhase.UPGRADED);
    referenceUpgraded = ProductionScenario.fingerprint(fixture, reference);
    fixture.dropDatabases(List.of(reference));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @AfterEach
  void dropDatabases() {
    fixture.faults.disarm();
    fixture.dropDatabases(databases);
  }

  static Stream<Arguments> faults() {
    return Stream.of(Step.values()).flatMap(step -> Stream.of(When.values()).map(when -> Arguments.of(step, when)));
  }

  @ParameterizedTest(name = "{0} fails {1} its real call")
  @MethodSource("faults")
  void productionSurvivesAFailureAtEveryStep(Step step, When when) throws Exception {
    String production = ProductionScenario.newProduction(fixture, "fault");
    ProductionPlan plan = ProductionScenario.plan(fixture, production, false);
    Set<String> databasesBefore = fixture.databases();
    databases.add(production);
    DatabaseFingerprint before = ProductionScenario.fingerprint(fixture, production);
    assertThat(before).as("the sample production is the same every time").isEqualTo(referenceBefore);

    fixture.faults.arm(ProductionWorkflowIds.of(plan.serverProfile(), production), new Fault(step.method, 1, when));
    Outcome outcome = ProductionScenario.run(fixture, plan);
    ProductionStatus status = outcome.status();
    Set<String> left = new TreeSet<>(fixture.databases());
    left.removeAll(databasesBefore);
    databases.addAll(left);

    assertThat(fixture.faults.fired()).as("the fault was injected").isTrue();
    assertThat(status.phase()).as("failure: %s", status.failure()).isEqualTo(step.end);
    assertThat(status.failedStep()).isEqualTo(step.name);
    assertThat(status.failure()).contains("'" + step.name + "'").contains("injected failure at " + step.method);
    assertThat(outcome.failure() == null).as("the workflow fails unless production is upgraded")
        .isEqualTo(step.end == ProductionPhase.UPGRADED);
    for (String database : left) {
      assertThat(status.databasesLeft()).as("every database left behind is listed")
          .anySatisfy(d -> assertThat(d).startsWith(database + ": "));
    }

    assertThat(fixture.exists(production)).as("production under its name").isTrue();
    assertThat(fixture.allowsConnections(production)).as("production online").isTrue();
    DatabaseFingerprint after = ProductionScenario.fingerprint(fixture, production);
    if (step.holds == Holds.AS_BEFORE) {
      assertThat(after).as("every row, as before the upgrade").isEqualTo(before);
      assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("1");
    } else {
      assertThat(after).as("every row, as upgraded").isEqualTo(referenceUpgraded);
      assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
    }
    if (step == Step.UNBLOCK && when == When.BEFORE) {
      // The upgrade is done and verified, but production is still blocked: the status says how to unblock it.
      assertThat(fixture.connectionLimit(production)).isZero();
      assertThat(status.failure()).contains("is upgraded to version 2 and verified, but could not be unblocked")
          .contains("connectionLimit=" + PRODUCTION_CONNECTION_LIMIT);
    } else {
      assertThat(fixture.connectionLimit(production)).as("production's own connection limit")
          .isEqualTo(PRODUCTION_CONNECTION_LIMIT);
      ProductionScenario.writeAsTheApplication(fixture, production, "written after a failure at " + step);
    }
  }
}
