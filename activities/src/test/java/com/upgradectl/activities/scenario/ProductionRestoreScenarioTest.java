package com.upgradectl.activities.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.pkg.TestPackages;
import com.upgradectl.activities.scenario.ProductionScenario.Outcome;
import com.upgradectl.activities.testing.DatabaseFingerprint;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.production.ProductionPhase;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade applied and then restored: the sample package with one more migration, which fails
 * after the real one was applied and after changing rows and schema itself. Production must come back
 * exactly as it was — schema, every row, sequences, owner, privileges, comment, settings, connection
 * limit — and the application's own role must connect and write; the failed database is kept aside.
 */
class ProductionRestoreScenarioTest {
  private static final String FAILING_MIGRATION = "V3__fails_at_the_end.sql";

  @TempDir
  static Path packages;
  @TempDir
  static Path failingPackages;

  private static ScenarioFixture fixture;
  private static PackageRef failingPackage;
  private final List<String> databases = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    fixture = ScenarioFixture.start(packages);
    ProductionScenario.createRoles(fixture);
    failingPackage = packageWhoseLastMigrationFails();
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
  void aFailureInTheLastMigrationRestoresProductionExactly() throws Exception {
    String production = ProductionScenario.newProduction(fixture, "restore");
    ProductionPlan plan = ProductionScenario.plan(production, failingPackage, false);
    String failed = production + "_failed_1";
    databases.addAll(List.of(production, plan.safetyCopyDatabase(), failed));
    DatabaseFingerprint before = ProductionScenario.fingerprint(fixture, production);
    List<String> attributesBefore = ProductionScenario.attributes(fixture, production);

    Outcome outcome = ProductionScenario.run(fixture, plan);

    ProductionStatus status = outcome.status();
    assertThat(outcome.failure().getType()).isEqualTo(FailureTypes.STEP_FAILED);
    assertThat(status.phase()).isEqualTo(ProductionPhase.RESTORED);
    assertThat(status.failedStep()).isEqualTo("run the migrations");
    assertThat(status.failure())
        .startsWith("production upgrade failed at step 'run the migrations': a migration failed")
        .contains(FAILING_MIGRATION).contains("division by zero")
        .contains("Production " + production + " is as it was before the upgrade");
    assertThat(status.history()).anySatisfy(l -> assertThat(l).contains("undone: restore " + production));
    assertThat(status.databasesLeft()).singleElement().asString().startsWith(failed + ": " + production);

    assertThat(ProductionScenario.fingerprint(fixture, production)).as("schema, every row and the sequences")
        .isEqualTo(before);
    assertThat(ProductionScenario.attributes(fixture, production))
        .as("owner, privileges, comment, connection limit, settings").isEqualTo(attributesBefore);
    ProductionScenario.writeAsTheApplication(fixture, production, "written after the restore");

    assertThat(fixture.databases()).doesNotContain(plan.safetyCopyDatabase());
    assertThat(fixture.queryOne(failed, "SELECT version FROM schema_version"))
        .as("the failed database holds the migration that was applied").isEqualTo("2");
    assertThat(fixture.connectionLimit(failed)).as("the failed database stays closed to the application").isZero();
  }

  /** The sample package, plus a last migration that changes rows and schema and then fails. */
  private static PackageRef packageWhoseLastMigrationFails() throws IOException {
    Path dir = SamplePackage.extractTo(failingPackages);
    Path migrations = dir.resolve("postgresql/migrations");
    Files.writeString(migrations.resolve(FAILING_MIGRATION), """
        UPDATE settings SET value = 'changed by the failing migration';
        ALTER TABLE tickets ADD COLUMN doomed integer;
        SELECT 1 / 0;
        """);
    Path manifest = dir.resolve("package.yaml");
    String yaml = Files.readString(manifest);
    String listed = "migrations: [postgresql/migrations/V2__from_v1.sql]";
    assertThat(yaml).contains(listed);
    Files.writeString(manifest, yaml.replace(listed,
        "migrations: [postgresql/migrations/V2__from_v1.sql, postgresql/migrations/" + FAILING_MIGRATION + "]"));
    return TestPackages.ref(UpgradePackageLoader.load(dir));
  }
}
