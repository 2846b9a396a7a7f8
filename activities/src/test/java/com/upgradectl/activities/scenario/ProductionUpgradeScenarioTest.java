package com.upgradectl.activities.scenario;

import static com.upgradectl.activities.scenario.ScenarioFixture.APP_ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.scenario.ProductionScenario.Outcome;
import com.upgradectl.activities.testing.DatabaseFingerprint;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production upgrade end to end with the real activities on embedded PostgreSQL in the Temporal
 * test server: in place, production ends exactly as the pilot path would make it, keeps what the
 * application relies on (owner, privileges, settings, connection limit), and bad input is refused
 * before anything changes.
 */
class ProductionUpgradeScenarioTest {
  @TempDir
  static Path packages;

  private static ScenarioFixture fixture;
  private final List<String> databases = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = ScenarioFixture.start(packages);
    ProductionScenario.createRoles(fixture);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @AfterEach
  void dropDatabases() {
    fixture.dropDatabases(databases);
  }

  @Test
  void inPlaceGivesExactlyWhatThePilotPathGivesAndTheApplicationGetsItsDatabaseBack() throws Exception {
    String production = ProductionScenario.newProduction(fixture, "inplace");
    ProductionPlan plan = ProductionScenario.plan(fixture, production, false);
    databases.addAll(List.of(production, plan.safetyCopyDatabase(), production + "_pilotpath"));
    String pilotPath = ProductionScenario.pilotPathOf(fixture, production);
    List<String> attributesBefore = ProductionScenario.attributes(fixture, production);

    Outcome outcome;
    try (Connection application = fixture.connectAs(production, APP_ROLE)) {
      outcome = ProductionScenario.run(fixture, plan);
      assertThat(application.isValid(2)).as("the application's session was ended").isFalse();
    }

    ProductionStatus status = outcome.status();
    assertThat(outcome.failure()).as("failure: %s", status.failure()).isNull();
    assertThat(status.phase()).isEqualTo(ProductionPhase.UPGRADED);
    assertThat(status.failure()).isNull();
    assertThat(status.sessionsEnded()).as("the application's session, with its user, is listed")
        .anySatisfy(s -> assertThat(s).contains("user " + APP_ROLE));
    assertThat(status.history()).anySatisfy(l -> assertThat(l).contains("ended session on " + production)
        .contains("user " + APP_ROLE));
    assertThat(status.migrationsApplied()).containsExactly("2 from v1 (V2__from_v1.sql)");
    assertThat(status.verification().passed()).isTrue();
    assertThat(status.verification().tables()).hasSize(9).allMatch(TableCheck::matches);
    assertThat(status.databasesLeft()).isEmpty();

    assertThat(fixture.queryOne(production, "SELECT version FROM schema_version")).isEqualTo("2");
    DatabaseFingerprint upgraded = ProductionScenario.fingerprint(fixture, production);
    DatabaseFingerprint viaPilot = ProductionScenario.fingerprint(fixture, pilotPath);
    assertThat(upgraded.withoutSequenceValues()).as("schema and every row as the pilot path gives them")
        .isEqualTo(viaPilot.withoutSequenceValues());
    assertThat(upgraded.rows()).hasSize(10);
    assertThat(fixture.queryOne(production, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'upgradectl%'"))
        .as("the migration history is gone").isEqualTo("0");
    assertThat(fixture.databases()).as("the safety copy is dropped, no staging copy is left")
        .doesNotContain(plan.safetyCopyDatabase()).noneMatch(d -> d.startsWith("upgradectl_"));
    assertThat(ProductionScenario.attributes(fixture, production)).as("owner, privileges, settings, limit")
        .isEqualTo(attributesBefore);
    ProductionScenario.writeAsTheApplication(fixture, production, "written after the upgrade");
  }

  @Test
  void aKeptSafetyCopyHoldsProductionAsItWasAndIsClosedToTheApplication() {
    String production = ProductionScenario.newProduction(fixture, "keep");
    ProductionPlan plan = ProductionScenario.plan(fixture, production, true);
    databases.addAll(List.of(production, plan.safetyCopyDatabase()));
    DatabaseFingerprint before = ProductionScenario.fingerprint(fixture, production);

    Outcome outcome = ProductionScenario.run(fixture, plan);

    assertThat(outcome.status().phase()).as("failure: %s", outcome.status().failure())
        .isEqualTo(ProductionPhase.UPGRADED);
    assertThat(outcome.status().databasesLeft()).singleElement().asString()
        .startsWith(plan.safetyCopyDatabase() + ": the safety copy").contains("kept as asked");
    assertThat(ProductionScenario.fingerprint(fixture, plan.safetyCopyDatabase())).isEqualTo(before);
    assertThat(fixture.connectionLimit(plan.safetyCopyDatabase())).as("the application cannot write into it")
        .isZero();
  }

  @Test
  void aBadDatabaseNameIsRefusedBeforeAnythingChanges() {
    Set<String> before = fixture.databases();
    ProductionPlan plan = ProductionScenario.plan("desk\"; DROP DATABASE postgres; --", fixture.packageRef(), false);

    Outcome outcome = ProductionScenario.run(fixture, plan);

    assertThat(outcome.failure().getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(outcome.status().phase()).isEqualTo(ProductionPhase.FAILED);
    assertThat(outcome.status().failure()).startsWith("bad plan: production database name")
        .contains("nothing was changed");
    assertThat(fixture.databases()).isEqualTo(before);
  }

  @Test
  void aProductionAtAnotherVersionIsRefusedBeforeAnythingChanges() {
    String production = ProductionScenario.newProduction(fixture, "version");
    ProductionPlan plan = ProductionScenario.plan(fixture, production, false);
    databases.add(production);
    fixture.execute(production, "UPDATE schema_version SET version = '7'");
    Set<String> databasesBefore = fixture.databases();
    List<String> attributesBefore = ProductionScenario.attributes(fixture, production);

    Outcome outcome = ProductionScenario.run(fixture, plan);

    assertThat(outcome.failure().getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(outcome.status().failedStep()).isEqualTo("preflight");
    assertThat(outcome.status().failure()).contains("is at version 7, but package servicedesk upgrades from version 1")
        .contains("nothing was changed");
    assertThat(fixture.databases()).isEqualTo(databasesBefore);
    assertThat(ProductionScenario.attributes(fixture, production)).isEqualTo(attributesBefore);
  }
}
