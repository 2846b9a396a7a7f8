package com.upgradectl.activities.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.activities.testing.CopyActivities;
import com.upgradectl.activities.testing.CopyFixture;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.TableScope;
import com.upgradectl.workflows.common.VerificationReport;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataCopyImportTest {
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void thePilotsOwnTriggersDoNotFireDuringTheLoadAndAreEnabledAfterIt() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    fixture.executeOn(fixture.pilot, "CREATE TABLE fired (at_ticket bigint)");
    fixture.executeOn(fixture.pilot, "CREATE FUNCTION note_ticket() RETURNS trigger LANGUAGE plpgsql AS"
        + " $$ BEGIN INSERT INTO fired VALUES (NEW.id); NEW.title := 'rewritten by a trigger'; RETURN NEW; END $$");
    fixture.executeOn(fixture.pilot, "CREATE TRIGGER note_ticket BEFORE INSERT ON tickets"
        + " FOR EACH ROW EXECUTE FUNCTION note_ticket()");
    fixture.executeOn(fixture.pilot, "CREATE TRIGGER left_disabled BEFORE INSERT ON categories"
        + " FOR EACH ROW EXECUTE FUNCTION note_ticket()");
    fixture.executeOn(fixture.pilot, "ALTER TABLE categories DISABLE TRIGGER left_disabled");

    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        ProgressSinkFactory.NONE, new CopySettings(128))) {
      CopyResult result = activities.stub.importAllTables(fixture.plan(2));

      assertThat(result.verification().allMatch()).isTrue();
      assertThat(fixture.pilotRows("tickets")).isEqualTo(fixture.expectedRows("tickets"));
      assertThat(fixture.count(fixture.pilot, "fired")).as("the trigger did not fire for the copied rows").isZero();
      assertThat(fixture.rows(fixture.pilot, "SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal"
          + " ORDER BY tgname")).as("enabled again, and the one the package left disabled stays so")
          .containsExactly(List.of("left_disabled", "D"), List.of("note_ticket", "O"));
      assertThat(fixture.rows(fixture.pilot, "SELECT to_regclass('upgradectl_pending_triggers')"))
          .containsExactly(java.util.Arrays.asList((String) null));
    }
  }

  @Test
  void importCopiesEveryImportedTableRowByRowAsTheMappingSays() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        ProgressSinkFactory.NONE, new CopySettings(128))) {
      CopyResult result = activities.stub.importAllTables(fixture.plan(3));

      for (String table : CopyFixture.EXPECTED.keySet()) {
        List<List<String>> expected = fixture.expectedRows(table);
        assertThat(expected).as(table).isNotEmpty();
        assertThat(fixture.pilotRows(table)).as(table).isEqualTo(expected);
      }
      assertThat(fixture.rows(fixture.pilot, "SELECT title FROM tickets").stream().map(r -> r.get(0)))
          .containsAll(CopyFixture.TRICKY_TEXTS);
      assertThat(fixture.rows(fixture.pilot, "SELECT name FROM categories").stream().map(r -> r.get(0)))
          .as("rows the schema scripts put into an imported table are replaced by production's")
          .doesNotContain("seeded by the schema scripts");
      assertThat(fixture.rows(fixture.pilot, "SELECT version FROM schema_info")).containsExactly(List.of("2"));

      assertThat(result.tables()).extracting(CopyResult.TableCopied::table).containsExactlyInAnyOrder(
          "categories", "settings", "tickets", "ticket_details", "ticket_tags", "audit_log");
      assertThat(result.totalRows()).isEqualTo(totalExpectedRows(fixture));
      assertThat(result.totalBytes()).isPositive();
      assertThat(result.verification().allMatch()).isTrue();
      assertThat(result.verification().tables()).hasSize(6);
      assertThat(checkOf(result.verification(), "tickets").columns())
          .as("updated_at is left to its default and not compared")
          .containsExactly("id", "category_id", "title", "status", "opened_at", "priority_label");

      assertThat(foreignKeys(fixture)).as("foreign keys are back after the load").containsExactlyInAnyOrder(
          "categories_parent_id_fkey", "tickets_category_id_fkey", "ticket_details_ticket_id_fkey",
          "ticket_tags_ticket_id_fkey");
      assertThat(fixture.rows(fixture.pilot, "SELECT to_regclass('upgradectl_pending_constraints')"))
          .containsExactly(java.util.Arrays.asList((String) null));

      // The SDK throttles heartbeats to the server; what arrives carries the last committed chunk and
      // names the tables being copied (the UI shows it under the pending activity).
      assertThat(activities.heartbeats()).isNotEmpty().allSatisfy(h -> {
        assertThat(CopyFixture.EXPECTED).containsKey(h.lastChunk().table());
        assertThat(h.lastChunk().rows()).isPositive();
        assertThat(h.step()).startsWith("import: ");
        assertThat(h.tablesTotal()).isEqualTo(6);
        assertThat(h.copying()).anySatisfy(line -> assertThat(line).startsWith(h.lastChunk().table() + ": ")
            .contains(" rows"));
      });
      assertThat(activities.meters.get(CopyMetrics.ROWS).counters().stream().mapToDouble(c -> c.count()).sum())
          .isEqualTo((double) result.totalRows());
      assertThat(activities.meters.get(CopyMetrics.DURATION).timers()).hasSize(6);
    }
  }

  @Test
  void afterImportTheApplicationInsertsRowsWithNewIds() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      activities.stub.importAllTables(fixture.plan(2));

      String maxTicket = fixture.rows(fixture.production, "SELECT max(id) FROM tickets").get(0).get(0);
      List<List<String>> inserted = fixture.rows(fixture.pilot,
          "INSERT INTO tickets (category_id, title, status, opened_at, priority_label)"
              + " VALUES (1, 'new', 'open', now(), 'normal') RETURNING id");
      assertThat(Long.parseLong(inserted.get(0).get(0))).isEqualTo(Long.parseLong(maxTicket) + 1);
      List<List<String>> category = fixture.rows(fixture.pilot, "INSERT INTO categories (name) VALUES ('new') RETURNING id");
      assertThat(category.get(0).get(0)).isEqualTo("6");
    }
  }

  @Test
  void verificationNamesTheOneTableWhereOneValueChanged() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      PilotPlan plan = fixture.plan(2);
      activities.stub.importAllTables(plan);
      assertThat(activities.stub.verifyTables(plan, TableScope.ALL_IMPORTED).allMatch()).isTrue();

      fixture.executeOn(fixture.pilot, "UPDATE ticket_details SET attachment = '\\x00ff5c0a0923' WHERE ticket_id = 7");
      VerificationReport report = activities.stub.verifyTables(plan, TableScope.DATA_RECORDS);

      assertThat(report.tables()).extracting(TableCheck::table).containsExactlyInAnyOrder(
          "tickets", "ticket_details", "ticket_tags", "audit_log");
      assertThat(report.mismatches()).extracting(TableCheck::table).containsExactly("ticket_details");
      TableCheck details = checkOf(report, "ticket_details");
      assertThat(details.actualRows()).isEqualTo(details.expectedRows());
      assertThat(details.actualChecksum()).isNotEqualTo(details.expectedChecksum());
    }
  }

  @Test
  void configurationFingerprintsChangeWithProductionsConfigurationOnly() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      PilotPlan plan = fixture.plan(2);
      activities.stub.importAllTables(plan);
      List<TableFingerprint> before = activities.stub.configurationFingerprints(plan);
      assertThat(before).extracting(TableFingerprint::table).containsExactly("categories", "settings");
      assertThat(before).extracting(TableFingerprint::rows).containsExactly(5L, 3L);

      fixture.executeOn(fixture.production, "UPDATE settings SET value = 'false' WHERE key = 'mail.enabled'");
      fixture.executeOn(fixture.production, "UPDATE tickets SET subject = 'changed' WHERE id = 1");
      List<TableFingerprint> after = activities.stub.configurationFingerprints(plan);

      assertThat(after.get(0)).isEqualTo(before.get(0));
      assertThat(after.get(1).rows()).isEqualTo(3L);
      assertThat(after.get(1).checksum()).isNotEqualTo(before.get(1).checksum());
    }
  }

  @Test
  void aPackageWhoseFilesChangedIsRefusedBeforeAnythingIsCopied() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage("fedcba9876543210"),
        ProgressSinkFactory.NONE, CopySettings.defaults())) {
      ApplicationFailure failure = CopyActivities.failureOf(() -> activities.stub.importAllTables(fixture.plan(2)));

      assertThat(failure.getType()).isEqualTo(FailureTypes.PACKAGE_CHANGED);
      assertThat(failure.getOriginalMessage()).contains("servicedesk-test", CopyFixture.DIGEST, "fedcba9876543210");
      assertPilotUntouched(fixture);
    }
  }

  @Test
  void aMappingThatDoesNotFitTheSchemasIsRefusedListingEveryProblemBeforeAnythingIsCopied() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    UpgradePackage sample = CopyFixture.samplePackage();
    List<TableSpec> tables = new ArrayList<>(sample.tables());
    tables.replaceAll(t -> switch (t.name()) {
      case "categories" -> new TableSpec("categories", TableClass.CONFIGURATION, null, null,
          Map.of("name", new ColumnSource.SourceColumn("label")), new SourceLocation("tables.yaml", 12));
      case "settings" -> new TableSpec("settings", TableClass.CONFIGURATION, null, null, Map.of(),
          new SourceLocation("tables.yaml", 20));
      default -> t;
    });
    UpgradePackage broken = new UpgradePackage(sample.root(), sample.name(), sample.fromVersion(), sample.toVersion(),
        sample.digest(), null, tables, Map.of());
    try (CopyActivities activities = CopyActivities.start(fixture, broken, ProgressSinkFactory.NONE,
        CopySettings.defaults())) {
      ApplicationFailure failure = CopyActivities.failureOf(() -> activities.stub.importAllTables(fixture.plan(2)));

      assertThat(failure.getType()).isEqualTo(FailureTypes.BAD_INPUT);
      assertThat(failure.getOriginalMessage())
          .contains("tables.yaml:12: table 'categories': column 'name' is mapped from 'label', but production's table"
              + " 'categories' has no such column")
          .contains("tables.yaml:20: table 'settings': column 'scope' is NOT NULL without a default");
      assertPilotUntouched(fixture);
    }
  }

  private static void assertPilotUntouched(CopyFixture fixture) throws Exception {
    assertThat(fixture.rows(fixture.pilot, "SELECT name FROM categories"))
        .containsExactly(List.of("seeded by the schema scripts"));
    assertThat(fixture.count(fixture.pilot, "tickets")).isZero();
    assertThat(foreignKeys(fixture)).hasSize(4);
    assertThat(fixture.rows(fixture.pilot, "SELECT to_regclass('upgradectl_pending_constraints')"))
        .containsExactly(java.util.Arrays.asList((String) null));
  }

  static List<String> foreignKeys(CopyFixture fixture) throws Exception {
    return fixture.rows(fixture.pilot, "SELECT conname FROM pg_constraint WHERE contype = 'f'").stream()
        .map(r -> r.get(0)).toList();
  }

  static long totalExpectedRows(CopyFixture fixture) throws Exception {
    long total = 0;
    for (String table : CopyFixture.EXPECTED.keySet()) {
      total += fixture.expectedRows(table).size();
    }
    return total;
  }

  static TableCheck checkOf(VerificationReport report, String table) {
    return report.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow();
  }
}
