package com.upgradectl.activities.pilot;

import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.PROFILE;
import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.pkg.PackageStore;
import com.upgradectl.activities.pkg.TestPackages;
import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.TargetSchemaDatabase;
import com.upgradectl.activities.platform.postgres.PostgresServerFixture;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.pilot.PilotDatabaseActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.pilot.PreflightReport;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PilotDatabaseActivitiesImplTest {
  private static final String PRODUCTION_V1 = """
      CREATE TABLE categories (id serial PRIMARY KEY, name text NOT NULL);
      CREATE TABLE tickets (id serial PRIMARY KEY, title text NOT NULL, category_id int REFERENCES categories, body text);
      CREATE TABLE legacy_log (id serial PRIMARY KEY, line text);
      CREATE TABLE app_version (version text NOT NULL);
      INSERT INTO app_version VALUES ('1');
      INSERT INTO categories (name) VALUES ('hardware'), ('software');
      INSERT INTO tickets (title, category_id) VALUES ('printer jam', 1), ('license', 2), ('monitor', 1);
      ANALYZE;
      """;
  private static final String TARGET_CATEGORIES = "CREATE TABLE categories (id serial PRIMARY KEY, name text NOT NULL);\n";
  private static final String TARGET_REST = """
      CREATE TABLE tickets (id serial PRIMARY KEY, subject text NOT NULL, category_id int REFERENCES categories,
                            body text, priority int NOT NULL DEFAULT 3);
      CREATE TABLE app_version (version text NOT NULL);
      INSERT INTO app_version VALUES ('2');
      """;

  private static PostgresServerFixture pg;
  private static PilotDatabaseActivities activities;
  private static int productions;

  @TempDir
  Path dir;

  private String production;
  private PilotPlan plan;

  @BeforeAll
  static void start() {
    pg = PostgresServerFixture.start();
    activities = pg.activityStub(PilotDatabaseActivities.class,
        new PilotDatabaseActivitiesImpl(pg.servers(), new PackageStore()));
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  /** A fresh version-1 production per test, and a valid plan for it. */
  @BeforeEach
  void production() {
    production = "desk" + ++productions;
    pg.execute("postgres", "CREATE DATABASE " + production);
    pg.execute(production, PRODUCTION_V1);
    plan = planFor(production, validPackage());
  }

  // ---- preflight

  @Test
  void preflightReportsTablesRowsAndWarningsAndChangesNothing() {
    Snapshot before = snapshot();

    PreflightReport report = activities.preflight(plan);

    assertThat(report.platform()).isEqualTo("postgresql");
    assertThat(report.detectedVersion()).isEqualTo("1");
    assertThat(report.configurationTables()).containsExactly("categories");
    assertThat(report.dataTables()).containsExactly("tickets");
    assertThat(report.productionRows()).isEqualTo(5);
    assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("legacy_log").contains("not read by the package"));
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void preflightRefusesBadNamesEachWithItsReasonBeforeTouchingTheServer() {
    Snapshot before = snapshot();
    Map<String, String> reasons = Map.of(
        "prod\"x", "contains '\"' at position 5",
        "prod[1]", "contains '[' at position 5",
        "prod;drop", "contains ';' at position 5",
        "p".repeat(200), "is 200 characters long; at most 128 are allowed");
    reasons.forEach((name, reason) -> {
      ApplicationFailure refused = failure(() -> activities.preflight(withProduction(name)));
      assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_INPUT);
      assertThat(refused.getOriginalMessage()).contains("production database name").contains(reason);
    });
    ApplicationFailure badPilot = failure(() -> activities.preflight(new PilotPlan(PROFILE, production, "pilot]",
        production + "_archive", plan.upgradePackage(), 2)));
    assertThat(badPilot.getOriginalMessage()).contains("pilot database name 'pilot]' contains ']'");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void preflightRefusesAnUnknownProfileNamingTheKnownOnes() {
    ApplicationFailure refused = failure(() -> activities.preflight(new PilotPlan("nope", production,
        plan.pilotDatabase(), plan.archiveDatabase(), plan.upgradePackage(), 2)));
    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(refused.getOriginalMessage()).isEqualTo("unknown connection profile 'nope' (known profiles: app, test)");
  }

  @Test
  void preflightRefusesAMissingProduction() {
    Set<String> before = pg.databases();
    ApplicationFailure refused = failure(() -> activities.preflight(withProduction("no_such_desk")));
    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(refused.getOriginalMessage()).contains("production database no_such_desk does not exist on profile test");
    assertThat(pg.databases()).isEqualTo(before);
  }

  @Test
  void preflightRefusesTakenPilotAndArchiveNamesNamingBoth() {
    pg.execute("postgres", "CREATE DATABASE " + plan.pilotDatabase(), "CREATE DATABASE " + plan.archiveDatabase());
    Snapshot before = snapshot();

    ApplicationFailure refused = failure(() -> activities.preflight(plan));

    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(refused.getOriginalMessage())
        .contains("found 2 problems; nothing was changed")
        .contains("pilot database name " + plan.pilotDatabase() + " is taken")
        .contains("archive database name " + plan.archiveDatabase() + " is taken");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void preflightRefusesATakenSwitchedBackNameWhenASwitchBackIsPlanned() {
    PilotPlan withSwitchBack = plan.withSwitchBackGrace(60);
    pg.execute("postgres", "CREATE DATABASE " + withSwitchBack.switchedBackDatabase());
    Snapshot before = snapshot();

    ApplicationFailure refused = failure(() -> activities.preflight(withSwitchBack));

    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(refused.getOriginalMessage()).contains("switched-back database name "
        + withSwitchBack.switchedBackDatabase() + " is taken", "--switched-back-name");
    assertThat(snapshot()).isEqualTo(before);
    assertThat(activities.preflight(withSwitchBack.withSwitchedBackName(production + "_kept")))
        .as("another name passes").isNotNull();
  }

  @Test
  void preflightRefusesAnUnclassifiedTable() {
    UpgradePackage pkg = TestPackages.in(dir.resolve("tested")).schema("001.sql", TARGET_CATEGORIES + TARGET_REST)
        .table("tickets", "data", Map.of("subject", "title"))
        .table("app_version", "excluded")
        .build();
    assertPackageRefused(pkg, "categories", "not classified");
  }

  @Test
  void preflightRefusesAMappingToAMissingColumn() {
    UpgradePackage pkg = TestPackages.in(dir.resolve("tested")).schema("001.sql", TARGET_CATEGORIES + TARGET_REST)
        .table("categories", "configuration")
        .table("tickets", "data", Map.of("subject", "headline"))
        .table("app_version", "excluded")
        .build();
    assertPackageRefused(pkg, "subject", "headline");
  }

  @Test
  void preflightRefusesAnUnmappedNotNullColumnWithoutDefault() {
    UpgradePackage pkg = TestPackages.in(dir.resolve("tested"))
        .schema("001.sql", TARGET_CATEGORIES + TARGET_REST.replace("body text,", "body text, severity int NOT NULL,"))
        .table("categories", "configuration")
        .table("tickets", "data", Map.of("subject", "title"))
        .table("app_version", "excluded")
        .build();
    assertPackageRefused(pkg, "severity");
  }

  @Test
  void preflightReportsEveryPackageProblemAtOnce() {
    UpgradePackage pkg = TestPackages.in(dir.resolve("tested"))
        .schema("001.sql", TARGET_CATEGORIES + TARGET_REST.replace("body text,", "body text, severity int NOT NULL,"))
        .table("tickets", "data", Map.of("subject", "headline"))
        .table("app_version", "excluded")
        .build();
    assertPackageRefused(pkg, "categories", "headline", "severity", "found 3 problems");
  }

  @Test
  void preflightRefusesSchemaScriptsThatFailNamingTheScript() {
    UpgradePackage pkg = TestPackages.in(dir.resolve("tested")).schema("001.sql", TARGET_CATEGORIES)
        .schema("002_broken.sql", "CREATE TABLE tickets (id serial PRIMARY KEY, subject text NOT NUL);")
        .table("categories", "configuration")
        .build();
    assertPackageRefused(pkg, "the target schema scripts fail on an empty database", "002_broken.sql");
  }

  @Test
  void preflightRefusesProductionOfAnotherVersion() {
    UpgradePackage pkg = validPackageBuilder().fromVersion("0.9", "SELECT version FROM app_version").build();
    ApplicationFailure refused = failure(() -> activities.preflight(planFor(production, pkg)));
    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(refused.getOriginalMessage())
        .contains("production database " + production + " is at version 1, but package servicedesk upgrades from version 0.9");
  }

  @Test
  void theSamplePackagePassesPreflightAndCreatesItsPilotFromAGeneratedProduction() throws Exception {
    pg.execute("postgres", "CREATE DATABASE sample_desk");
    Map<String, Long> rows;
    try (Connection c = pg.connect("sample_desk", PostgresServerFixture.SUPERUSER)) {
      rows = SampleProduction.create(c, 300);
    }
    PilotPlan sample = planFor("sample_desk", UpgradePackageLoader.load(SamplePackage.extractTo(dir)));

    PreflightReport report = activities.preflight(sample);
    activities.createPilotDatabase(sample);
    activities.runPilotModeStatements(sample);

    assertThat(report.detectedVersion()).isEqualTo("1");
    assertThat(report.productionRows()).isPositive();
    assertThat(report.configurationTables()).contains("teams", "categories", "settings");
    assertThat(report.dataTables()).contains("tickets", "ticket_details", "computers");
    assertThat(pg.server().readLabel(sample.pilotDatabase())).contains(DatabaseMarker.pilotOf(sample).text());
    try (Connection c = pg.connect("sample_desk", PostgresServerFixture.SUPERUSER)) {
      assertThat(SampleProduction.rowCounts(c)).as("production untouched").isEqualTo(rows);
    }
  }

  // ---- create, pilot mode, post-switch, drop

  @Test
  void createPilotTwiceGivesOneMarkedPilotWithTheTargetSchema() {
    activities.createPilotDatabase(plan);
    pg.execute(plan.pilotDatabase(), "INSERT INTO categories (name) VALUES ('left by the first attempt')");

    activities.createPilotDatabase(plan);

    assertThat(pg.server().readLabel(plan.pilotDatabase())).contains(DatabaseMarker.pilotOf(plan).text());
    assertThat(pg.queryColumn(plan.pilotDatabase(), "SELECT column_name FROM information_schema.columns"
        + " WHERE table_name = 'tickets' ORDER BY ordinal_position"))
        .containsExactly("id", "subject", "category_id", "body", "priority");
    assertThat(pg.queryOne(plan.pilotDatabase(), "SELECT count(*) FROM categories")).isEqualTo("0");
    assertThat(pg.databases()).noneMatch(name -> name.startsWith("upgradectl_"));
  }

  @Test
  void preflightDropsTheScratchDatabaseACrashedPreflightOfTheSameUpgradeLeft() {
    String scratch = TargetSchemaDatabase.nameFor(PilotWorkflowIds.of(plan.serverProfile(), plan.productionDatabase()));
    pg.execute("postgres", "CREATE DATABASE " + scratch);

    activities.preflight(plan);

    assertThat(pg.databases()).doesNotContain(scratch).noneMatch(name -> name.startsWith("upgradectl_"));
  }

  @Test
  void createPilotRecoversFromACrashBetweenCreatingAndLabelling() {
    pg.execute("postgres", "CREATE DATABASE " + PilotDatabaseActivitiesImpl.stagingNameOf(plan));

    activities.createPilotDatabase(plan);

    assertThat(pg.databases()).contains(plan.pilotDatabase()).doesNotContain(PilotDatabaseActivitiesImpl.stagingNameOf(plan));
  }

  @Test
  void createPilotNeverTouchesASameNamedDatabaseItDidNotCreate() {
    pg.execute("postgres", "CREATE DATABASE " + plan.pilotDatabase());
    pg.execute(plan.pilotDatabase(), "CREATE TABLE precious (id int)", "INSERT INTO precious VALUES (42)");

    ApplicationFailure refused = failure(() -> activities.createPilotDatabase(plan));

    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(refused.getOriginalMessage()).contains("refusing to replace database " + plan.pilotDatabase())
        .contains("it was not created as this upgrade's pilot");
    assertThat(pg.queryOne(plan.pilotDatabase(), "SELECT id FROM precious")).isEqualTo("42");
  }

  @Test
  void aFailingSchemaScriptLeavesNoPilotAndIsNamed() {
    Set<String> before = pg.databases();
    UpgradePackage pkg = TestPackages.in(dir.resolve("tested")).schema("001.sql", TARGET_CATEGORIES)
        .schema("002_broken.sql", "CREATE TABLE tickets (id serial, subject text NOT NUL);")
        .table("categories", "configuration")
        .build();

    ApplicationFailure failed = failure(() -> activities.createPilotDatabase(planFor(production, pkg)));

    assertThat(failed.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(failed.getOriginalMessage()).contains("002_broken.sql");
    assertThat(pg.databases()).isEqualTo(before);
  }

  @Test
  void pilotModeRunsInThePilotOnly() {
    UpgradePackage pkg = validPackageBuilder().pilotMode("pause.sql", "UPDATE app_version SET version = version || '-pilot';")
        .build();
    PilotPlan withPilotMode = planFor(production, pkg);
    activities.createPilotDatabase(withPilotMode);

    activities.runPilotModeStatements(withPilotMode);

    assertThat(pg.queryOne(withPilotMode.pilotDatabase(), "SELECT version FROM app_version")).isEqualTo("2-pilot");
    assertThat(pg.queryOne(production, "SELECT version FROM app_version")).isEqualTo("1");
  }

  @Test
  void postSwitchStatementsRunOnlyInTheFormerPilotUnderProductionsName() {
    UpgradePackage pkg = validPackageBuilder().postSwitch("live.sql", "UPDATE app_version SET version = version || '-live';")
        .build();
    PilotPlan switching = planFor(production, pkg);
    activities.createPilotDatabase(switching);

    ApplicationFailure beforeSwitch = failure(() -> activities.runPostSwitchStatements(switching));
    assertThat(beforeSwitch.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(pg.queryOne(production, "SELECT version FROM app_version")).isEqualTo("1");

    pg.server().renameDatabase(production, switching.archiveDatabase());
    pg.server().renameDatabase(switching.pilotDatabase(), production);
    activities.runPostSwitchStatements(switching);

    assertThat(pg.queryOne(production, "SELECT version FROM app_version")).isEqualTo("2-live");
    assertThat(pg.queryOne(switching.archiveDatabase(), "SELECT version FROM app_version")).isEqualTo("1");
  }

  @Test
  void dropPilotDropsOnlyThisUpgradesPilot() {
    pg.execute("postgres", "CREATE DATABASE " + plan.pilotDatabase());
    ApplicationFailure refused = failure(() -> activities.dropPilotDatabase(plan));
    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(pg.databases()).contains(plan.pilotDatabase());
    pg.execute("postgres", "DROP DATABASE " + plan.pilotDatabase());

    activities.createPilotDatabase(plan);
    activities.dropPilotDatabase(plan);
    activities.dropPilotDatabase(plan);

    assertThat(pg.databases()).doesNotContain(plan.pilotDatabase()).contains(production);
  }

  @Test
  void dropPilotNeverDropsProductionEvenWhenThePlanNamesItAsPilot() {
    PilotPlan confused = new PilotPlan(PROFILE, production, production.toUpperCase(), production + "_archive",
        plan.upgradePackage(), 2);
    ApplicationFailure refused = failure(() -> activities.dropPilotDatabase(confused));
    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(refused.getOriginalMessage()).contains("pilot database name must differ from the production database name");
    assertThat(pg.databases()).contains(production);
  }

  // ---- helpers

  private TestPackages.Builder validPackageBuilder() {
    return TestPackages.in(dir.resolve("valid" + System.nanoTime())).schema("001_categories.sql", TARGET_CATEGORIES)
        .schema("002_rest.sql", TARGET_REST)
        .table("categories", "configuration")
        .table("tickets", "data", Map.of("subject", "title"))
        .table("app_version", "excluded")
        .fromVersion("1", "SELECT version FROM app_version");
  }

  private UpgradePackage validPackage() {
    return validPackageBuilder().build();
  }

  private static PilotPlan planFor(String production, UpgradePackage pkg) {
    return new PilotPlan(PROFILE, production, production + "_pilot", production + "_archive", TestPackages.ref(pkg), 2);
  }

  private PilotPlan withProduction(String name) {
    return new PilotPlan(PROFILE, name, production + "_pilot", production + "_archive", plan.upgradePackage(), 2);
  }

  private void assertPackageRefused(UpgradePackage pkg, String... mentioned) {
    Snapshot before = snapshot();
    ApplicationFailure refused = failure(() -> activities.preflight(planFor(production, pkg)));
    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(refused.getOriginalMessage()).contains(mentioned);
    assertThat(snapshot()).isEqualTo(before);
  }

  /** Every database on the server, and production's rows, label and settings. */
  private Snapshot snapshot() {
    return new Snapshot(pg.databases(), pg.queryColumn(production, """
        SELECT (SELECT string_agg(t::text, ';' ORDER BY id) FROM tickets t)
        UNION ALL SELECT (SELECT string_agg(c::text, ';' ORDER BY id) FROM categories c)
        UNION ALL SELECT (SELECT string_agg(l::text, ';' ORDER BY id) FROM legacy_log l)
        UNION ALL SELECT (SELECT string_agg(v::text, ';') FROM app_version v)
        UNION ALL SELECT shobj_description(oid, 'pg_database') || datconnlimit || datallowconn
                  FROM pg_database WHERE datname = current_database()
        """));
  }

  private record Snapshot(Set<String> databases, List<String> production) {}
}
