package com.upgradectl.activities.production;

import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.PROFILE;
import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.SUPERUSER;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.pkg.TestPackages;
import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.postgres.PostgresServerFixture;
import com.upgradectl.activities.testing.DatabaseFingerprint;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.ProductionSettings;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.ProductionActivities;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionPreflight;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each production activity on a real PostgreSQL, run twice or resumed from where a crash would have
 * stopped it: the result is the same, and nothing that is not this upgrade's is ever touched.
 */
class ProductionActivitiesImplTest {
  private static final AtomicInteger PRODUCTIONS = new AtomicInteger();

  @TempDir
  static Path packages;

  private static PostgresServerFixture fixture;
  private static PackageRef samplePackage;
  private static ProductionActivities activities;

  @BeforeAll
  static void start() {
    fixture = PostgresServerFixture.start();
    samplePackage = TestPackages.ref(UpgradePackageLoader.load(SamplePackage.extractTo(packages)));
    activities = fixture.activityStub(ProductionActivities.class,
        new ProductionActivitiesImpl(fixture.servers(), new PackageStore(), new SimpleMeterRegistry()));
  }

  @AfterAll
  static void stop() throws IOException {
    fixture.close();
  }

  @Test
  void theSafetyCopyMadeTwiceIsOneMarkedCopyClosedToTheApplication() {
    ProductionPlan plan = newProduction(samplePackage);
    DatabaseFingerprint production = fingerprint(plan.productionDatabase());

    activities.createSafetyCopy(plan);
    activities.createSafetyCopy(plan);

    assertThat(fingerprint(plan.safetyCopyDatabase())).isEqualTo(production);
    assertThat(fixture.server().readLabel(plan.safetyCopyDatabase()))
        .contains(DatabaseMarker.safetyCopyOf(plan).text());
    assertThat(fixture.queryOne("postgres", "SELECT datconnlimit FROM pg_database WHERE datname = '"
        + plan.safetyCopyDatabase() + "'")).isEqualTo("0");
    assertThat(fixture.databases()).noneMatch(d -> d.startsWith("upgradectl_"));

    activities.dropSafetyCopy(plan);
    activities.dropSafetyCopy(plan);
    assertThat(fixture.databases()).doesNotContain(plan.safetyCopyDatabase()).contains(plan.productionDatabase());
  }

  @Test
  void aDatabaseUnderTheSafetyCopyNameThatIsNotOursIsNeverTouched() {
    ProductionPlan plan = newProduction(samplePackage);
    fixture.execute("postgres", "CREATE DATABASE " + plan.safetyCopyDatabase());
    fixture.execute(plan.safetyCopyDatabase(), "CREATE TABLE precious (id int)");

    assertThat(PostgresServerFixture.failure(() -> activities.createSafetyCopy(plan)).getType())
        .isEqualTo(FailureTypes.PRECONDITION);
    assertThat(PostgresServerFixture.failure(() -> activities.dropSafetyCopy(plan)).getMessage())
        .contains("it was not created as this upgrade's safety copy");
    assertThat(fixture.queryOne(plan.safetyCopyDatabase(), "SELECT count(*) FROM precious")).isEqualTo("0");
    assertThat(PostgresServerFixture.failure(() -> activities.preflight(plan)).getMessage())
        .contains("safety copy name " + plan.safetyCopyDatabase() + " is taken");
  }

  @Test
  void migratingTwiceAppliesTheMigrationsOnceAndReportsThemBothTimes() {
    ProductionPlan plan = newProduction(samplePackage);

    List<String> first = activities.migrate(plan).applied();
    List<String> second = activities.migrate(plan).applied();

    assertThat(first).containsExactly("2 from v1 (V2__from_v1.sql)").isEqualTo(second);
    assertThat(fixture.queryOne(plan.productionDatabase(), "SELECT version FROM schema_version")).isEqualTo("2");
    activities.dropMigrationHistory(plan);
    activities.dropMigrationHistory(plan);
    assertThat(fixture.queryOne(plan.productionDatabase(),
        "SELECT count(*) FROM pg_tables WHERE tablename = 'upgradectl_migration_history'")).isEqualTo("0");
  }

  @Test
  void aRestoreStoppedAfterProductionWasRenamedAsideFinishesAndARepeatChangesNothing() {
    ProductionPlan plan = newProduction(samplePackage);
    String production = plan.productionDatabase();
    fixture.execute("postgres", "ALTER DATABASE " + production + " CONNECTION LIMIT 12",
        "COMMENT ON DATABASE " + production + " IS 'the real one'",
        "ALTER DATABASE " + production + " SET search_path TO public, pg_catalog");
    ProductionPreflight preflight = activities.preflight(plan);
    DatabaseFingerprint before = fingerprint(production);
    activities.blockUsers(plan);
    activities.createSafetyCopy(plan);
    activities.migrate(plan);
    String failed = preflight.failedDatabase();
    // Where a crash right after the restore's first rename would leave it.
    fixture.server().renameDatabase(production, failed);

    activities.restoreFromSafetyCopy(plan, failed, preflight.attributes());
    activities.restoreFromSafetyCopy(plan, failed, preflight.attributes());
    activities.unblockUsers(plan, preflight.settings());
    activities.unblockUsers(plan, preflight.settings());

    assertThat(fingerprint(production)).isEqualTo(before);
    assertThat(fixture.queryOne(failed, "SELECT version FROM schema_version")).isEqualTo("2");
    assertThat(fixture.databases()).doesNotContain(plan.safetyCopyDatabase());
    assertThat(fixture.server().captureAttributes(production)).isEqualTo(withName(preflight.attributes(), production));
    assertThat(fixture.server().captureSettings(production)).isEqualTo(preflight.settings());
    assertThat(preflight.settings()).isEqualTo(new ProductionSettings(production, Map.of("connectionLimit", "12")));
  }

  @Test
  void preflightRefusesMigrationsFlywayWouldRunDifferentlyThanListed() throws IOException {
    Path dir = SamplePackage.extractTo(Files.createTempDirectory(packages, "stray"));
    Files.writeString(dir.resolve("postgresql/migrations/V3__not_listed.sql"), "SELECT 1;");
    ProductionPlan plan = newProduction(TestPackages.ref(UpgradePackageLoader.load(dir)));

    var failure = PostgresServerFixture.failure(() -> activities.preflight(plan));

    assertThat(failure.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(failure.getMessage()).contains("holds SQL files the package does not list as migrations")
        .contains("V3__not_listed.sql").contains("nothing was changed");
  }

  private static DatabaseAttributes withName(DatabaseAttributes attributes, String database) {
    return new DatabaseAttributes(database, attributes.owner(), attributes.comment(), attributes.defaultPrivileges(),
        attributes.grants(), attributes.settings());
  }

  private static ProductionPlan newProduction(PackageRef pkg) {
    String name = "prod_" + PRODUCTIONS.incrementAndGet();
    fixture.execute("postgres", "CREATE DATABASE " + name);
    try (Connection c = fixture.connect(name, SUPERUSER)) {
      SampleProduction.create(c, 200);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ProductionPlan.withDefaults(PROFILE, name, null, pkg, false);
  }

  private static DatabaseFingerprint fingerprint(String database) {
    try (Connection c = fixture.connect(database, SUPERUSER)) {
      return DatabaseFingerprint.of(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
