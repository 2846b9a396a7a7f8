package com.upgradectl.pkg.schema;

import static com.upgradectl.pkg.PackageFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.pkg.PackageFixture;
import com.upgradectl.pkg.PackageProblem;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCheckTest {
  static final String MANIFEST = """
      name: demo
      from: "1"
      to: "2"
      platforms:
        postgresql:
          schema: [schema.sql]
      tables:
        categories: configuration
        tickets:
          class: data
          columns:
            summary: { from: title }
            impact: { value: medium }
        ticket_details:
          class: data
          from: tickets
          where: "description IS NOT NULL"
          columns:
            ticket_id: { from: id }
        schema_version: excluded
      """;

  static final TableShape TARGET_CATEGORIES = table("categories", col("id", "integer", false, true), col("name", "text", false, false));
  static final TableShape TARGET_TICKETS = table("tickets",
      col("id", "bigint", false, true),
      col("summary", "character varying(200)", false, false),
      col("impact", "character varying(10)", false, false),
      col("status", "text", false, true),
      col("note", "text", true, false),
      new ColumnShape("search_text", "text", false, false, true));
  static final TableShape TARGET_DETAILS = table("ticket_details", col("ticket_id", "bigint", false, false), col("description", "text", true, false));
  static final TableShape TARGET_VERSION = table("schema_version", col("version", "text", false, false));
  static final TableShape SOURCE_CATEGORIES = table("categories", col("id", "integer", false, true), col("name", "text", false, false));
  static final TableShape SOURCE_TICKETS = table("tickets",
      col("id", "bigint", false, true), col("title", "text", false, false), col("description", "text", true, false), col("status", "text", false, true));
  static final TableShape SOURCE_VERSION = table("schema_version", col("version", "text", false, false));

  @TempDir Path dir;

  @Test
  void findsNothingWhenThePackageFitsBothSchemas() throws IOException {
    UpgradePackage pkg = load(MANIFEST);

    assertThat(SchemaCheck.problems(pkg, target(), source())).isEmpty();
  }

  @Test
  void comparesNamesIgnoringCase() throws IOException {
    UpgradePackage pkg = load(MANIFEST.replace("  tickets:", "  TICKETS:").replace("{ from: title }", "{ from: TITLE }"));
    List<TableShape> target = new ArrayList<>(target());
    target.set(1, new TableShape("Tickets", TARGET_TICKETS.columns()));

    assertThat(SchemaCheck.problems(pkg, target, source())).isEmpty();
  }

  @Test
  void reportsATargetTableThePackageDoesNotClassifyAtTheTablesKey() throws IOException {
    UpgradePackage pkg = load(MANIFEST);
    List<TableShape> target = new ArrayList<>(target());
    target.add(table("audit_log", col("id", "bigint", false, true)));
    target.add(table("upgradectl_pilot_marker", col("id", "bigint", false, true)));

    assertThat(messages(SchemaCheck.problems(pkg, target, source()))).containsExactly(
        at(MANIFEST, "tables:") + ": table 'audit_log' of the target schema is not classified: add it under 'tables' as configuration, data or excluded");
  }

  @Test
  void reportsAClassifiedTableTheTargetSchemaLacks() throws IOException {
    UpgradePackage pkg = load(MANIFEST);
    List<TableShape> target = List.of(TARGET_CATEGORIES, TARGET_TICKETS, TARGET_DETAILS);

    assertThat(messages(SchemaCheck.problems(pkg, target, source()))).containsExactly(
        at(MANIFEST, "schema_version:") + ": table 'schema_version' is classified, but the target schema has no such table");
  }

  @Test
  void reportsAnImportedTableWhoseSourceProductionLacks() throws IOException {
    String manifest = MANIFEST.replace("from: tickets", "from: tikets").replace("  schema_version: excluded", "  schema_version: data");
    UpgradePackage pkg = load(manifest);
    List<TableShape> source = List.of(SOURCE_CATEGORIES, SOURCE_TICKETS);

    assertThat(messages(SchemaCheck.problems(pkg, target(), source))).containsExactly(
        at(manifest, "ticket_details:") + ": table 'ticket_details' is imported from production's table 'tikets', which production does not have (did you mean 'tickets'?)",
        at(manifest, "schema_version:") + ": table 'schema_version' is imported from production's table 'schema_version', which production does not have"
            + " (a new table with nothing to import is classified excluded)");
  }

  @Test
  void reportsAMappingFromAColumnProductionLacks() throws IOException {
    String manifest = MANIFEST.replace("{ from: title }", "{ from: titel }");
    UpgradePackage pkg = load(manifest);

    assertThat(messages(SchemaCheck.problems(pkg, target(), source()))).containsExactly(
        at(manifest, "summary:") + ": table 'tickets': column 'summary' is mapped from 'titel', but production's table 'tickets' has no such column (did you mean 'title'?)");
  }

  @Test
  void reportsAnUnmappedNotNullColumnWithoutDefault() throws IOException {
    String manifest = MANIFEST.replace("      impact: { value: medium }\n", "");
    UpgradePackage pkg = load(manifest);

    assertThat(messages(SchemaCheck.problems(pkg, target(), source()))).containsExactly(
        at(manifest, "tickets:") + ": table 'tickets': column 'impact' is NOT NULL without a default, and production's table 'tickets'"
            + " has no column of that name: map it under 'columns' with from, value or sql");
  }

  @Test
  void reportsAnOverrideOfAColumnTheTargetTableLacksOrComputes() throws IOException {
    String manifest = MANIFEST.replace("      impact: { value: medium }\n",
        "      impact: { value: medium }\n      impakt: { value: high }\n      search_text: { sql: \"lower(title)\" }\n");
    UpgradePackage pkg = load(manifest);

    assertThat(messages(SchemaCheck.problems(pkg, target(), source()))).containsExactly(
        at(manifest, "impakt:") + ": table 'tickets': column 'impakt' is mapped, but the target table 'tickets' has no such column (did you mean 'impact'?)",
        at(manifest, "search_text:") + ": table 'tickets': column 'search_text' is mapped, but the target table computes it (a generated column): it cannot be written");
  }

  @Test
  void reportsEveryProblemOfEveryTableAtOnce() throws IOException {
    String manifest = MANIFEST.replace("{ from: title }", "{ from: titel }").replace("{ from: id }", "{ from: ident }");
    UpgradePackage pkg = load(manifest);
    List<TableShape> target = new ArrayList<>(target());
    target.add(table("audit_log", col("id", "bigint", false, true)));

    assertThat(SchemaCheck.problems(pkg, target, source())).extracting(p -> p.location().line()).containsExactly(
        line(manifest, "tables:"), line(manifest, "summary:"), line(manifest, "ticket_id:"));
  }

  @Test
  void listsProductionTablesThatNoTableOfThePackageReads() throws IOException {
    UpgradePackage pkg = load(MANIFEST);
    List<TableShape> source = new ArrayList<>(source());
    source.add(table("saved_searches", col("id", "integer", false, true)));
    source.add(table("UPGRADECTL_checkpoints", col("id", "integer", false, true)));

    assertThat(SchemaCheck.droppedSourceTables(pkg, source)).containsExactly("saved_searches");
  }

  static List<TableShape> target() {
    return List.of(TARGET_CATEGORIES, TARGET_TICKETS, TARGET_DETAILS, TARGET_VERSION);
  }

  static List<TableShape> source() {
    return List.of(SOURCE_CATEGORIES, SOURCE_TICKETS, SOURCE_VERSION);
  }

  static TableShape table(String name, ColumnShape... columns) {
    return new TableShape(name, List.of(columns));
  }

  static ColumnShape col(String name, String type, boolean nullable, boolean hasDefault) {
    return new ColumnShape(name, type, nullable, hasDefault, false);
  }

  private UpgradePackage load(String manifest) throws IOException {
    return UpgradePackageLoader.load(PackageFixture.write(dir, manifest, "schema.sql"));
  }

  private static List<String> messages(List<PackageProblem> problems) {
    return problems.stream().map(PackageProblem::toString).toList();
  }

  private static int line(String manifest, String marker) {
    String at = at(manifest, marker);
    return Integer.parseInt(at.substring(at.indexOf(':') + 1));
  }
}
