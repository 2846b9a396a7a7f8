package com.upgradectl.pkg;

import static com.upgradectl.pkg.PackageFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradePackageLoaderTest {
  private static final String VALID = """
      name: demo
      from: "1"
      to: "2"
      versionQuery: "SELECT version FROM schema_version"
      platforms:
        postgresql:
          schema: [pg/001_tables.sql, pg/002_seed.sql]
          migrations: []
          pilotMode: [pg/pilot-mode.sql]
          postSwitch: [pg/post-switch.sql]
      tables:
        categories: configuration
        tickets:
          class: data
          where: "deleted = false"
          columns:
            summary: { from: title }
            impact: { value: medium }
            label: { sql: "upper(code)" }
        ticket_details:
          class: data
          from: tickets
        schema_version: excluded
      """;
  private static final String[] VALID_SCRIPTS = {"pg/001_tables.sql", "pg/002_seed.sql", "pg/pilot-mode.sql", "pg/post-switch.sql"};

  @TempDir Path dir;

  @Test
  void loadsEveryPartOfAValidPackage() throws IOException {
    PackageFixture.write(dir, VALID, VALID_SCRIPTS);

    UpgradePackage pkg = UpgradePackageLoader.load(dir);

    assertThat(pkg.root()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(pkg.name()).isEqualTo("demo");
    assertThat(pkg.fromVersion()).isEqualTo("1");
    assertThat(pkg.toVersion()).isEqualTo("2");
    assertThat(pkg.versionQuery()).isEqualTo("SELECT version FROM schema_version");
    assertThat(pkg.digest()).isEqualTo(PackageDigest.of(dir)).hasSize(64);
    assertThat(pkg.tablesLocation()).hasToString(at(VALID, "tables:"));

    PlatformScripts scripts = pkg.scriptsFor("postgresql");
    assertThat(scripts.schema()).containsExactly(pkg.root().resolve("pg/001_tables.sql"), pkg.root().resolve("pg/002_seed.sql"));
    assertThat(scripts.migrations()).isEmpty();
    assertThat(scripts.pilotMode()).containsExactly(pkg.root().resolve("pg/pilot-mode.sql"));
    assertThat(scripts.postSwitch()).containsExactly(pkg.root().resolve("pg/post-switch.sql"));

    assertThat(pkg.tables()).extracting(TableSpec::name).containsExactly("categories", "tickets", "ticket_details", "schema_version");
    assertThat(pkg.table("categories").orElseThrow())
        .isEqualTo(new TableSpec("categories", TableClass.CONFIGURATION, "categories", null, Map.of(), loc(VALID, "categories:"), Map.of()));
    TableSpec tickets = pkg.table("TICKETS").orElseThrow();
    assertThat(tickets.tableClass()).isEqualTo(TableClass.DATA);
    assertThat(tickets.sourceTable()).isEqualTo("tickets");
    assertThat(tickets.sourceFilter()).isEqualTo("deleted = false");
    assertThat(tickets.columns()).containsExactly(
        Map.entry("summary", new ColumnSource.SourceColumn("title")),
        Map.entry("impact", new ColumnSource.Constant("medium")),
        Map.entry("label", new ColumnSource.Expression("upper(code)")));
    assertThat(tickets.location()).isEqualTo(loc(VALID, "tickets:"));
    assertThat(tickets.locationOf("SUMMARY")).isEqualTo(loc(VALID, "summary:"));
    assertThat(pkg.table("ticket_details").orElseThrow().sourceTable()).isEqualTo("tickets");
    assertThat(pkg.tablesOf(TableClass.EXCLUDED)).extracting(TableSpec::name).containsExactly("schema_version");
    assertThat(pkg.importedTables()).extracting(TableSpec::name).containsExactly("categories", "tickets", "ticket_details");
  }

  @Test
  void versionsWrittenAsNumbersKeepTheirText() throws IOException {
    PackageFixture.write(dir, VALID.replace("from: \"1\"", "from: 1.10").replace("to: \"2\"", "to: 007"), VALID_SCRIPTS);

    UpgradePackage pkg = UpgradePackageLoader.load(dir);

    assertThat(pkg.fromVersion()).isEqualTo("1.10");
    assertThat(pkg.toVersion()).isEqualTo("007");
  }

  @Test
  void reportsYamlSyntaxErrorsWithTheirLine() throws IOException {
    String manifest = VALID.replace("  categories: configuration", "  categories: configuration\n   oops: [unclosed");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).singleElement().asString()
        .startsWith(at(manifest, "oops") + ": YAML syntax: ");
  }

  @Test
  void reportsAMissingManifestAndAMissingDirectory() throws IOException {
    assertThat(problems()).containsExactly("package.yaml: is missing from the package directory");

    Path nowhere = dir.resolve("nowhere");
    assertThat(catchThrowableOfType(InvalidPackageException.class, () -> UpgradePackageLoader.load(nowhere)).problems())
        .extracting(PackageProblem::toString)
        .containsExactly(nowhere + ": is not a directory: a package is a directory holding package.yaml and its SQL files");
  }

  @Test
  void reportsAnEmptyManifestAndOneThatIsNotAMapping() throws IOException {
    PackageFixture.write(dir, "# nothing yet\n");
    assertThat(problems()).containsExactly("package.yaml: is empty: a package needs at least name, from, to, platforms, tables");

    PackageFixture.write(dir, "- name\n- from\n");
    assertThat(problems()).containsExactly("package.yaml:1: package.yaml itself must be a mapping of keys to values, found a list");
  }

  @Test
  void reportsEveryMissingRequiredKey() throws IOException {
    PackageFixture.write(dir, "versionQuery: SELECT 1\n");

    assertThat(problems()).containsExactly(
        "package.yaml:1: the top level lacks the required key 'name'",
        "package.yaml:1: the top level lacks the required key 'from'",
        "package.yaml:1: the top level lacks the required key 'to'",
        "package.yaml:1: the top level lacks the required key 'platforms'",
        "package.yaml:1: the top level lacks the required key 'tables'");
  }

  @Test
  void reportsUnknownKeysAtEveryLevelWithTheClosestAllowedOne() throws IOException {
    String manifest = VALID
        .replace("versionQuery:", "versionQeury:")
        .replace("    pilotMode:", "    pilotmode:")
        .replace("    class: data\n    where", "    clas: data\n    class: data\n    where")
        .replace("summary: { from: title }", "summary: { form: title }")
        .replace("  postgresql:", "  postgres:");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).contains(
        at(manifest, "versionQeury") + ": unknown key 'versionQeury' in the top level (did you mean 'versionQuery'?); allowed keys: name, from, to, versionQuery, platforms, tables",
        at(manifest, "postgres:") + ": unknown key 'postgres' in 'platforms' (did you mean 'postgresql'?); allowed keys: postgresql, sqlserver",
        at(manifest, "clas:") + ": unknown key 'clas' in table 'tickets' (did you mean 'class'?); allowed keys: class, from, where, columns",
        at(manifest, "form:") + ": unknown key 'form' in column 'tickets.summary' (did you mean 'from'?); allowed keys: from, value, sql");
  }

  @Test
  void reportsAKeyGivenTwice() throws IOException {
    String manifest = VALID.replace("to: \"2\"", "to: \"2\"\nname: other");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "name: other") + ": key 'name' is given twice in the top level (first at package.yaml:1)");
  }

  @Test
  void reportsUnknownTableClasses() throws IOException {
    String manifest = VALID.replace("categories: configuration", "categories: config").replaceFirst("class: data", "class: Data");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "categories: config") + ": table 'categories' has an unknown class 'config' (did you mean 'configuration'?): use configuration, data or excluded",
        at(manifest, "class: Data") + ": table 'tickets' has an unknown class 'Data' (did you mean 'data'?): use configuration, data or excluded");
  }

  @Test
  void reportsATableWithoutClass() throws IOException {
    String manifest = VALID.replace("categories: configuration", "categories:").replace("    class: data\n    from: tickets", "    from: tickets");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "categories:") + ": table 'categories' has no class: write configuration, data or excluded",
        at(manifest, "ticket_details:") + ": table 'ticket_details' lacks 'class': one of configuration, data, excluded");
  }

  @Test
  void reportsAColumnOverrideWithNoneOrSeveralSources() throws IOException {
    String manifest = VALID
        .replace("summary: { from: title }", "summary: { from: title, sql: \"lower(title)\" }")
        .replace("impact: { value: medium }", "impact: {}");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "summary:") + ": column 'tickets.summary' has more than one source (from, sql): give exactly one of from (a source column), value (a constant) or sql (an expression over the source row)",
        at(manifest, "impact:") + ": column 'tickets.impact' has no source: give exactly one of from (a source column), value (a constant) or sql (an expression over the source row)");
  }

  @Test
  void reportsOverridesThatAreNotMappingsAndEmptyValues() throws IOException {
    String manifest = VALID
        .replace("summary: { from: title }", "summary: title")
        .replace("impact: { value: medium }", "impact: { value: ~ }")
        .replace("label: { sql: \"upper(code)\" }", "label: { sql: \"  \" }");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "summary:") + ": column 'tickets.summary' (write { from: old_name }, { value: \"constant\" } or { sql: \"expression\" }) must be a mapping of keys to values, found text",
        at(manifest, "impact:") + ": column 'tickets.impact': 'value' must be a constant, found empty (a column with no source and a default or NULL allowed needs no override; for an explicit NULL write sql: \"NULL\")",
        at(manifest, "label:") + ": column 'tickets.label': 'sql' must be a non-empty text, found nothing");
  }

  @Test
  void anEmptyTextIsAValidConstant() throws IOException {
    PackageFixture.write(dir, VALID.replace("impact: { value: medium }", "impact: { value: \"\" }"), VALID_SCRIPTS);

    assertThat(UpgradePackageLoader.load(dir).table("tickets").orElseThrow().columns().get("impact"))
        .isEqualTo(new ColumnSource.Constant(""));
  }

  @Test
  void reportsTablesAndColumnsDeclaredTwiceIgnoringCase() throws IOException {
    String manifest = VALID
        .replace("  schema_version: excluded", "  schema_version: excluded\n  Categories: data")
        .replace("      label:", "      Summary: { from: title }\n      label:");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "Summary:") + ": column 'tickets.Summary' is mapped twice (first at " + at(manifest, "summary:")
            + "); names are compared case-insensitively",
        at(manifest, "Categories:") + ": table 'Categories' is declared twice (first at " + at(manifest, "categories:")
            + "); names are compared case-insensitively");
  }

  @Test
  void reportsInvalidTableAndColumnNames() throws IOException {
    String longName = "t".repeat(64);
    String manifest = VALID
        .replace("categories: configuration", "\"bad name\": configuration")
        .replace("from: tickets", "from: \"tickets;drop\"")
        .replace("summary: { from: title }", "\"1summary\": { from: \"ti\\\"tle\" }")
        .replace("schema_version: excluded", longName + ": excluded");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "bad name") + ": table name 'bad name' contains whitespace at position 4: only ASCII letters, digits and '_' are allowed, starting with a letter or '_'",
        at(manifest, "1summary") + ": column name '1summary' contains '1' at position 1: only ASCII letters, digits and '_' are allowed, starting with a letter or '_'",
        at(manifest, "1summary") + ": column 'tickets.1summary': source column 'ti\"tle' contains '\"' at position 3: only ASCII letters, digits and '_' are allowed, starting with a letter or '_'",
        at(manifest, "tickets;drop") + ": table 'ticket_details': source table 'tickets;drop' contains ';' at position 8: only ASCII letters, digits and '_' are allowed, starting with a letter or '_'",
        at(manifest, longName) + ": table name '" + longName + "' is 64 characters long; at most 63 are allowed");
  }

  @Test
  void reportsMissingScriptsAndScriptsOutsideThePackage() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside.sql"), "SELECT 1;");
    Path pkgDir = dir.resolve("pkg");
    Files.createDirectories(pkgDir.resolve("pg/a-directory.sql"));
    String manifest = VALID
        .replace("schema: [pg/001_tables.sql, pg/002_seed.sql]", "schema: [pg/001_tables.sql, pg/missing.sql, ../outside.sql, " + outside + "]")
        .replace("migrations: []", "migrations: [pg/a-directory.sql]");
    PackageFixture.write(pkgDir, manifest, VALID_SCRIPTS);

    String line = at(manifest, "schema:");
    assertThat(problems(pkgDir)).containsExactly(
        line + ": script 'pg/missing.sql' does not exist in the package directory",
        line + ": script '../outside.sql' lies outside the package directory",
        line + ": script '" + outside + "' must be a path relative to the package directory",
        at(manifest, "migrations:") + ": script 'pg/a-directory.sql' is not a regular file");
  }

  @Test
  void reportsAScriptThatLeavesThePackageThroughASymbolicLink() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside.sql"), "SELECT 1;");
    Path pkgDir = PackageFixture.write(dir.resolve("pkg"), VALID.replace("pg/002_seed.sql]", "pg/link.sql]"), VALID_SCRIPTS);
    Files.createSymbolicLink(pkgDir.resolve("pg/link.sql"), outside);

    assertThat(problems(pkgDir)).containsExactly(
        at(VALID, "schema:") + ": script 'pg/link.sql' lies outside the package directory (through a symbolic link)");
  }

  @Test
  void reportsMissingOrEmptySchemaScriptsAndNoPlatform() throws IOException {
    String manifest = VALID.replace("    schema: [pg/001_tables.sql, pg/002_seed.sql]", "    schema: []")
        .replace("  schema_version: excluded", "  schema_version: excluded\nunused: 1");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);
    assertThat(problems()).contains(at(manifest, "schema: []") + ": platform 'postgresql': 'schema' is empty: give the scripts that create the target schema in an empty database");

    manifest = VALID.replace("    schema: [pg/001_tables.sql, pg/002_seed.sql]\n", "");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);
    assertThat(problems()).containsExactly(at(manifest, "postgresql:") + ": platform 'postgresql' lacks 'schema': the scripts that create the target schema in an empty database");

    manifest = "name: demo\nfrom: 1\nto: 2\nplatforms: {}\ntables: {}\n";
    PackageFixture.write(dir, manifest);
    assertThat(problems()).containsExactly(
        "package.yaml:4: 'platforms' is empty: give the scripts of at least one of postgresql, sqlserver",
        "package.yaml:5: 'tables' is empty: classify every table of the target schema");
  }

  @Test
  void reportsScriptListsWrittenAsText() throws IOException {
    String manifest = VALID.replace("pilotMode: [pg/pilot-mode.sql]", "pilotMode: pg/pilot-mode.sql");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "pilotMode:") + ": platform 'postgresql': 'pilotMode' must be a list of script files, like [pilotMode/001.sql], found text");
  }

  @Test
  void reportsMappingsOnAnExcludedTable() throws IOException {
    String manifest = VALID.replace("  schema_version: excluded", "  schema_version:\n    class: excluded\n    where: \"version > '1'\"");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly(
        at(manifest, "where: \"version") + ": table 'schema_version' is excluded, so it is not imported: 'where' has no effect; remove it or classify the table");
  }

  @Test
  void reportsAPackageThatUpgradesToItsOwnVersion() throws IOException {
    String manifest = VALID.replace("to: \"2\"", "to: \"1\"");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThat(problems()).containsExactly("package.yaml:3: 'from' and 'to' are both version 1: a package upgrades from one version to another");
  }

  @Test
  void reportsEveryProblemAtOnceInTheExceptionMessage() throws IOException {
    String manifest = VALID
        .replace("name: demo", "name: \"\"")
        .replace("categories: configuration", "categories: confguration")
        .replace("pg/002_seed.sql]", "pg/003_missing.sql]")
        .replace("impact: { value: medium }", "impact: { value: medium, from: x }");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    InvalidPackageException e = catchThrowableOfType(InvalidPackageException.class, () -> UpgradePackageLoader.load(dir));

    assertThat(e.problems()).hasSize(4);
    assertThat(e.getMessage()).isEqualTo("upgrade package " + dir.toAbsolutePath().normalize() + " has 4 problems:"
        + "\n  package.yaml:1: 'name' must be a non-empty text, found nothing"
        + "\n  " + at(manifest, "schema:") + ": script 'pg/003_missing.sql' does not exist in the package directory"
        + "\n  " + at(manifest, "confguration") + ": table 'categories' has an unknown class 'confguration' (did you mean 'configuration'?): use configuration, data or excluded"
        + "\n  " + at(manifest, "impact:") + ": column 'tickets.impact' has more than one source (from, value): give exactly one of from (a source column), value (a constant) or sql (an expression over the source row)");
  }

  @Test
  void refusesAPackageWhoseFilesChangedSinceItWasValidated() throws IOException {
    PackageFixture.write(dir, VALID, VALID_SCRIPTS);
    String validated = UpgradePackageLoader.load(dir).digest();
    assertThat(UpgradePackageLoader.load(dir, validated).digest()).isEqualTo(validated);

    Files.writeString(dir.resolve("pg/pilot-mode.sql"), "UPDATE settings SET value = 'on';");

    assertThatThrownBy(() -> UpgradePackageLoader.load(dir, validated))
        .isInstanceOf(InvalidPackageException.class)
        .hasMessageContaining("package.yaml: the package's files changed since it was validated (digest ")
        .hasMessageContaining(", expected " + validated + ")");
  }

  @Test
  void loadsTheSamplePackageWithoutAProblem() {
    // the sample lives in the examples module, which depends on this one: read it from the source tree
    UpgradePackage sample = UpgradePackageLoader.load(Path.of("..", "examples", "servicedesk-1-to-2"));

    assertThat(sample.name()).isEqualTo("servicedesk");
    assertThat(sample.scriptsFor("postgresql").schema()).isNotEmpty();
    assertThat(sample.tablesOf(TableClass.DATA)).isNotEmpty();
    assertThat(sample.tablesOf(TableClass.CONFIGURATION)).isNotEmpty();
  }

  private List<String> problems() {
    return problems(dir);
  }

  private static List<String> problems(Path packageDir) {
    InvalidPackageException e = catchThrowableOfType(InvalidPackageException.class, () -> UpgradePackageLoader.load(packageDir));
    assertThat(e).as("loading " + packageDir + " must fail").isNotNull();
    return e.problems().stream().map(PackageProblem::toString).toList();
  }

  private static SourceLocation loc(String manifest, String marker) {
    String at = at(manifest, marker);
    return new SourceLocation(UpgradePackageLoader.MANIFEST, Integer.parseInt(at.substring(at.indexOf(':') + 1)));
  }

  @Test
  void aSqlServerEntryIsLoadedBesideThePostgresqlOneWithItsOwnScripts() throws IOException {
    String manifest = VALID.replace("\ntables:\n", "\n"
        + "  sqlserver:\n"
        + "    schema: [mssql/001_tables.sql]\n"
        + "    migrations: [mssql/V2__from_v1.sql]\n"
        + "    pilotMode: [mssql/pilot-mode.sql]\n"
        + "    postSwitch: [mssql/post-switch.sql]\n"
        + "tables:\n");
    String[] scripts = {"pg/001_tables.sql", "pg/002_seed.sql", "pg/pilot-mode.sql", "pg/post-switch.sql",
        "mssql/001_tables.sql", "mssql/V2__from_v1.sql", "mssql/pilot-mode.sql", "mssql/post-switch.sql"};
    PackageFixture.write(dir, manifest, scripts);

    UpgradePackage pkg = UpgradePackageLoader.load(dir);

    assertThat(pkg.platforms()).containsOnlyKeys("postgresql", "sqlserver");
    PlatformScripts sqlserver = pkg.scriptsFor("sqlserver");
    assertThat(sqlserver.schema()).containsExactly(pkg.root().resolve("mssql/001_tables.sql"));
    assertThat(sqlserver.migrations()).containsExactly(pkg.root().resolve("mssql/V2__from_v1.sql"));
    assertThat(sqlserver.pilotMode()).containsExactly(pkg.root().resolve("mssql/pilot-mode.sql"));
    assertThat(sqlserver.postSwitch()).containsExactly(pkg.root().resolve("mssql/post-switch.sql"));
  }

  @Test
  void aSqlServerEntryIsCheckedLikeAnyPlatform() throws IOException {
    String manifest = VALID.replace("\ntables:\n", "\n"
        + "  sqlserver:\n"
        + "    migrations: [mssql/missing.sql]\n"
        + "tables:\n");
    PackageFixture.write(dir, manifest, VALID_SCRIPTS);

    assertThatThrownBy(() -> UpgradePackageLoader.load(dir))
        .isInstanceOf(InvalidPackageException.class)
        .hasMessageContaining(at(manifest, "sqlserver:") + ": platform 'sqlserver' lacks 'schema'")
        .hasMessageContaining("mssql/missing.sql");
  }
}
