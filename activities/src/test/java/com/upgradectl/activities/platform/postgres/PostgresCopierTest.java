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
    assertThat(reports).extracting(ProgressReport::step).contains("import: copying", "import: verifying and building indexes and constraints");
    ProgressReport first = reports.get(0);
    ProgressReport verifying = reports.stream().filter(r -> r.step().equals("import: verifying and building indexes and constraints")).findFirst()
        .orElseThrow();
    assertThat(reports).as("every report names when the work began, the same for all")
        .allSatisfy(r -> assertThat(r.startedAt()).isEqualTo(first.startedAt()));
    assertThat(verifying.stepStartedAt()).as("verifying began after the work did").isAfterOrEqualTo(first.startedAt());
    assertThat(verifying.reportedAt()).isAfterOrEqualTo(verifying.stepStartedAt());
    assertThat(verifying.rowsAtStart()).as("nothing was copied before this attempt").isZero();
  }

  /**
   * Every type the sample and the tests use, with the values that trip formats up, copied once in
   * binary and once in text: the two pilots hold the same rows, and both equal production's. A
   * type of the pilot's own (an enum) makes its table fall back to text.
   */
  @Test
  void binaryAndTextCopiesGiveIdenticalRows() throws Exception {
    String types = "(id bigint PRIMARY KEY, i integer, s smallint, n numeric(10,2), r double precision, b boolean,"
        + " v varchar(20), t text, d date, ts timestamp, tz timestamptz, j jsonb, y bytea, u uuid, a integer[],"
        + " tags text[], iv interval)";
    String rows = """
        INSERT INTO all_types VALUES
          (1, -2147483648, 32767, 12345678.90, 1.5e300, true, 'it''s', 'tab\there\nnew line \\\\ back', '2026-12-05',
           '2026-12-05 10:11:12.123456', '2026-12-05 10:11:12.5+02', '{"k": [1, "é", null]}', '\\x00ff0a5c',
           'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{1,NULL,3}', '{"a b","c,d",NULL}', '1 day 02:03:04'),
          (2, NULL, NULL, NULL, 'NaN', NULL, NULL, '', NULL, NULL, NULL, 'null', '\\x', NULL, '{}', '{}', NULL),
          (3, 0, 0, -0.01, '-Infinity', false, 'ü€😀', '\\.', '0001-01-01', '294276-12-31 23:59:59', 'infinity',
           '"text"', NULL, NULL, NULL, '{"\\\""}', '-1 mon');
        CREATE TYPE mood AS ENUM ('happy', 'sad');
        CREATE TABLE with_enum (id integer PRIMARY KEY, m text);
        INSERT INTO with_enum VALUES (1, 'happy'), (2, 'sad'), (3, NULL);
        """;
    Map<Boolean, List<List<String>>> copied = new java.util.HashMap<>();
    Map<Boolean, List<List<String>>> enums = new java.util.HashMap<>();
    List<List<String>> expected = null;
    for (boolean binary : List.of(true, false)) {
      CopyFixture fixture = CopyFixture.create(postgres);
      fixture.executeOn(fixture.production, "CREATE TABLE all_types " + types + ";\n" + rows);
      fixture.executeOn(fixture.pilot, "CREATE TABLE all_types " + types + ";\n"
          + "CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE with_enum (id integer PRIMARY KEY, m mood);");
      List<TableSpec> tables = List.of(
          new TableSpec("all_types", TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 1)),
          new TableSpec("with_enum", TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 2)));
      CopyResult result = new PostgresCopier().importTables(new CopyJob(
          new CopyJob.Database(fixture.production, fixture.connections.dataSource("embedded", fixture.production)),
          new CopyJob.Database(fixture.pilot, fixture.connections.dataSource("embedded", fixture.pilot)),
          tables, 2, new CopySettings(2).withBinaryCopy(binary), ProgressSink.NONE, Heartbeat.NONE,
          new CopyMetrics(new SimpleMeterRegistry())));
      assertThat(result.verification().allMatch()).as("verified, binary=%s", binary).isTrue();
      String all = "SELECT * FROM all_types ORDER BY id";
      copied.put(binary, fixture.rows(fixture.pilot, all));
      expected = fixture.rows(fixture.production, all);
      enums.put(binary, fixture.rows(fixture.pilot, "SELECT id, m::text FROM with_enum ORDER BY id"));
    }
    assertThat(copied.get(true)).hasSize(3).isEqualTo(copied.get(false)).isEqualTo(expected);
    assertThat(enums.get(true)).isEqualTo(enums.get(false)).hasSize(3);
  }

  @Test
  void onlyTablesOfBuiltInTypesGoBinary() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    fixture.executeOn(fixture.production, "CREATE TABLE plain (id integer PRIMARY KEY, v text);"
        + " CREATE TABLE typed (id integer PRIMARY KEY, m text);");
    fixture.executeOn(fixture.pilot, "CREATE TABLE plain (id integer PRIMARY KEY, v text);"
        + " CREATE TYPE mood AS ENUM ('happy'); CREATE TABLE typed (id integer PRIMARY KEY, m mood);");
    List<TableSpec> tables = List.of(
        new TableSpec("plain", TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 1)),
        new TableSpec("typed", TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 2)));
    try (java.sql.Connection production = fixture.connections.dataSource("embedded", fixture.production).getConnection();
        java.sql.Connection pilot = fixture.connections.dataSource("embedded", fixture.pilot).getConnection()) {
      Map<String, Boolean> binary = new java.util.TreeMap<>();
      PostgresCopyPlanning.plan(production, pilot, tables, true)
          .forEach(t -> binary.put(t.plan().name(), t.binary()));
      assertThat(binary).isEqualTo(Map.of("plain", true, "typed", false));
      assertThat(PostgresCopyPlanning.plan(production, pilot, tables, false)).noneMatch(PostgresCopyStatements::binary);
    }
  }
}
