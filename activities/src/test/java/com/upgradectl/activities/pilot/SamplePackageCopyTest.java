package com.upgradectl.activities.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.activities.testing.CopyActivities;
import com.upgradectl.activities.testing.CopyFixture;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.examples.SampleWorkload;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample package the demo uses, copied for real: the pilot must hold exactly what production
 * holds after the package's own in-place migration (an independent way to the same rows).
 */
class SamplePackageCopyTest {
  private static EmbeddedPostgres postgres;

  @TempDir
  static Path packages;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void importAndResyncGiveTheRowsTheMigrationGives() throws Exception {
    UpgradePackage pkg = UpgradePackageLoader.load(SamplePackage.extractTo(packages));
    PackageRef ref = new PackageRef(pkg.root().toString(), pkg.digest(), pkg.name(), pkg.fromVersion(), pkg.toVersion());
    CopyFixture db = CopyFixture.empty(postgres, "sample");
    try (Connection c = db.connect(db.production)) {
      SampleProduction.create(c, 3_000);
    }
    runScripts(db, db.pilot, pkg, pkg.scriptsFor("postgresql").schema());
    PilotPlan plan = new PilotPlan("embedded", db.production, db.pilot, db.production + "_archive", ref, 3);

    try (CopyActivities activities = CopyActivities.start(db, pkg, ProgressSinkFactory.NONE,
        new CopySettings(400))) {
      CopyResult imported = activities.stub.importAllTables(plan);
      assertThat(imported.verification().allMatch()).isTrue();
      assertSameRows(db, pkg, pkg.importedTables());

      Map<String, List<List<String>>> configurationBefore = rowsOf(db, db.pilot, pkg.tablesOf(TableClass.CONFIGURATION));
      try (Connection c = db.connect(db.production)) {
        SampleWorkload.addDataRecords(c, 250);
        SampleWorkload.updateAndDeleteSomeRecords(c);
        SampleWorkload.changeConfiguration(c);
      }
      CopyResult resynced = activities.stub.resyncDataTables(plan);

      assertThat(resynced.verification().allMatch()).isTrue();
      assertSameRows(db, pkg, pkg.tablesOf(TableClass.DATA));
      assertThat(rowsOf(db, db.pilot, pkg.tablesOf(TableClass.CONFIGURATION))).isEqualTo(configurationBefore);
    }
  }

  /** Production migrated in place by the package's own migration, in a copy, against the pilot. */
  private static void assertSameRows(CopyFixture db, UpgradePackage pkg, List<TableSpec> tables) throws Exception {
    String migrated = db.production + "_migrated";
    db.executeOn("postgres", "DROP DATABASE IF EXISTS " + migrated);
    db.executeOn("postgres", "CREATE DATABASE " + migrated + " TEMPLATE " + db.production);
    runScripts(db, migrated, pkg, pkg.scriptsFor("postgresql").migrations());
    for (TableSpec table : tables) {
      assertThat(rowsOf(db, db.pilot, List.of(table))).as(table.name())
          .isEqualTo(rowsOf(db, migrated, List.of(table)));
    }
  }

  /** Every column the pilot's table has, in the pilot's order, rows sorted by all of them. */
  private static Map<String, List<List<String>>> rowsOf(CopyFixture fixture, String database, List<TableSpec> tables)
      throws Exception {
    Map<String, List<List<String>>> rows = new LinkedHashMap<>();
    for (TableSpec table : tables) {
      List<String> columns = fixture.rows(fixture.pilot,
          "SELECT quote_ident(column_name) FROM information_schema.columns WHERE table_schema = current_schema()"
              + " AND table_name = " + "'" + table.name() + "' ORDER BY ordinal_position").stream()
          .map(r -> r.get(0)).toList();
      String list = String.join(", ", columns);
      String order = java.util.stream.IntStream.rangeClosed(1, columns.size()).mapToObj(Integer::toString)
          .collect(Collectors.joining(", "));
      List<List<String>> tableRows = fixture.rows(database,
          "SELECT " + list + " FROM " + table.name() + " ORDER BY " + order);
      assertThat(tableRows).as(table.name() + " in " + database).isNotEmpty();
      rows.put(table.name(), tableRows);
    }
    return rows;
  }

  private static void runScripts(CopyFixture fixture, String database, UpgradePackage pkg, List<Path> scripts)
      throws Exception {
    for (Path script : scripts) {
      fixture.executeOn(database, Files.readString(pkg.root().resolve(script)));
    }
  }
}
