package com.upgradectl.activities.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.copy.Heartbeat;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.activities.testing.CopyFixture;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The copier on its own, without Temporal: names and values that SQL text must not trip over. */
class PostgresCopierTest {
  private static final String TABLE = "Weird \"Table\"; x";
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
  void hostileNamesConstantsAndExpressionsCopyExactly() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    fixture.executeOn(fixture.production, """
        CREATE TABLE "Weird ""Table""; x" ("Id" integer PRIMARY KEY, "na""me" text, "semi;colon" numeric(12, 3));
        INSERT INTO "Weird ""Table""; x" SELECT i, 'it''s "' || i || E'"\\\\', i / 7.0 FROM generate_series(1, 40) AS i;
        CREATE TABLE "no key" (v text);
        INSERT INTO "no key" VALUES ('a'), ('a'), (NULL), (E'\\\\.');
        """);
    fixture.executeOn(fixture.pilot, """
        CREATE TABLE "Weird ""Table""; x" ("Id" integer PRIMARY KEY, "na""me" text, "semi;colon" numeric(12, 3),
          scope text NOT NULL, label text);
        CREATE TABLE "no key" (v text);
        """);
    List<TableSpec> tables = List.of(
        new TableSpec(TABLE, TableClass.DATA, null, "\"Id\" % 2 = 0", Map.of(
            "scope", new ColumnSource.Constant("'; DROP TABLE \"no key\"; -- \\"),
            "label", new ColumnSource.Expression("'{0} ?' || \"na\"\"me\"")), new SourceLocation("t.yaml", 1)),
        new TableSpec("no key", TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 2)));
    List<ProgressReport> reports = new CopyOnWriteArrayList<>();
    ProgressSink sink = reports::add;

    CopyResult result = new PostgresCopier().importTables(new CopyJob(
        new CopyJob.Database(fixture.production, fixture.connections.dataSource("embedded", fixture.production)),
        new CopyJob.Database(fixture.pilot, fixture.connections.dataSource("embedded", fixture.pilot)),
        tables, 4, new CopySettings(3), sink, Heartbeat.NONE, new CopyMetrics(new SimpleMeterRegistry())));

    assertThat(fixture.rows(fixture.pilot, "SELECT \"Id\", \"na\"\"me\", \"semi;colon\", scope, label"
        + " FROM \"Weird \"\"Table\"\"; x\" ORDER BY 1")).isEqualTo(fixture.rows(fixture.production,
        "SELECT \"Id\", \"na\"\"me\", \"semi;colon\", '''; DROP TABLE \"no key\"; -- \\', '{0} ?' || \"na\"\"me\""
            + " FROM \"Weird \"\"Table\"\"; x\" WHERE \"Id\" % 2 = 0 ORDER BY 1"));
    assertThat(fixture.rows(fixture.pilot, "SELECT v FROM \"no key\" ORDER BY v")).isEqualTo(
        fixture.rows(fixture.production, "SELECT v FROM \"no key\" ORDER BY v"));
    assertThat(result.verification().allMatch()).isTrue();
    assertThat(result.totalRows()).isEqualTo(20 + 4);

    TableProgress last = reports.get(reports.size() - 1).tables().stream()
        .filter(t -> t.table().equals(TABLE)).findFirst().orElseThrow();
    assertThat(last.done()).isTrue();
    assertThat(last.rowsDone()).isEqualTo(20);
    assertThat(last.rowsTotal()).isEqualTo(20);
    assertThat(reports).extracting(ProgressReport::step).contains("import: copying", "import: verifying");
  }
}
