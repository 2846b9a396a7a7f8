package com.upgradectl.activities.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.activities.testing.CopyActivities;
import com.upgradectl.activities.testing.CopyFixture;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import loads bare tables: the pilot's keys, unique constraints and indexes come off before the
 * load and are built again after it, exactly as the schema scripts defined them.
 */
class PilotIndexesAfterLoadTest {
  /** Every index and key constraint of the pilot's own tables, with its definition and its comment. */
  private static final String DEFINITIONS = "SELECT c.relname, pg_get_indexdef(i.indexrelid),"
      + " coalesce(obj_description(i.indexrelid, 'pg_class'), '') FROM pg_index i"
      + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
      + " WHERE n.nspname = current_schema() AND c.relname NOT LIKE 'upgradectl%'"
      + " UNION ALL SELECT con.conname, pg_get_constraintdef(con.oid), coalesce(obj_description(con.oid, 'pg_constraint'), '')"
      + " FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace"
      + " WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'x', 'f') ORDER BY 1, 2";
  private static final String INDEX_OIDS = "SELECT c.relname, CAST(c.oid AS text) FROM pg_index i"
      + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = '%s'"
      + " ORDER BY 1";

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
  void everyKeyIndexAndForeignKeyIsBuiltAgainAfterTheLoadAsTheSchemaDefinedIt() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    fixture.executeOn(fixture.pilot, "CREATE INDEX tickets_title_lower ON tickets (lower(title)) WHERE status = 'open'");
    fixture.executeOn(fixture.pilot, "COMMENT ON INDEX tickets_title_lower IS 'the search box''s index'");
    fixture.executeOn(fixture.pilot, "ALTER TABLE ticket_tags ADD CONSTRAINT ticket_tags_tag_once UNIQUE (tag, ticket_id)");
    fixture.executeOn(fixture.pilot, "COMMENT ON CONSTRAINT ticket_tags_tag_once ON ticket_tags IS 'one of each'");
    fixture.executeOn(fixture.pilot, "CREATE INDEX schema_info_version ON schema_info (version)");
    List<List<String>> before = fixture.rows(fixture.pilot, DEFINITIONS);
    List<List<String>> ticketIndexes = fixture.rows(fixture.pilot, INDEX_OIDS.formatted("tickets"));
    List<List<String>> notImported = fixture.rows(fixture.pilot, INDEX_OIDS.formatted("schema_info"));

    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        ProgressSinkFactory.NONE, new CopySettings(128))) {
      CopyResult result = activities.stub.importAllTables(fixture.plan(2));

      assertThat(result.verification().allMatch()).isTrue();
      assertThat(fixture.rows(fixture.pilot, DEFINITIONS)).isEqualTo(before);
      assertThat(before).contains(List.of("tickets_title_lower", "CREATE INDEX tickets_title_lower ON public.tickets"
          + " USING btree (lower(title)) WHERE (status = 'open'::ticket_status)", "the search box's index"),
          List.of("ticket_tags_tag_once", "UNIQUE (tag, ticket_id)", "one of each"));
      List<List<String>> rebuilt = fixture.rows(fixture.pilot, INDEX_OIDS.formatted("tickets"));
      assertThat(rebuilt).as("the imported table's indexes are new ones, built after the load")
          .extracting(r -> r.get(0)).containsExactlyElementsOf(ticketIndexes.stream().map(r -> r.get(0)).toList());
      assertThat(rebuilt).doesNotContainAnyElementsOf(ticketIndexes);
      assertThat(fixture.rows(fixture.pilot, INDEX_OIDS.formatted("schema_info")))
          .as("a table the import does not fill keeps its indexes").isEqualTo(notImported);
      assertThat(fixture.rows(fixture.pilot, "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
          + " WHERE NOT i.indisvalid")).isEmpty();
      assertThat(fixture.pilotRows("tickets")).isEqualTo(fixture.expectedRows("tickets"));
    }
  }

  @Test
  void rowsThatBreakAUniqueIndexFailTheImportNamingItAndTheIndexStaysRecorded() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    fixture.executeOn(fixture.pilot, "CREATE UNIQUE INDEX tickets_one_per_category ON tickets (category_id)");

    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        ProgressSinkFactory.NONE, new CopySettings(128))) {
      ApplicationFailure failure = CopyActivities.failureOf(() -> activities.stub.importAllTables(fixture.plan(2)));

      assertThat(failure.getType()).isEqualTo(FailureTypes.VERIFICATION);
      assertThat(failure.getOriginalMessage()).contains("pilot table tickets", "tickets_one_per_category",
          "CREATE UNIQUE INDEX", "upgradectl_pending_constraints");
      assertThat(fixture.rows(fixture.pilot, "SELECT constraint_name FROM upgradectl_pending_constraints"))
          .contains(List.of("tickets_one_per_category"));
    }
  }
}
