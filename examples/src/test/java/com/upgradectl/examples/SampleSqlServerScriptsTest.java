package com.upgradectl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.pkg.PlatformScripts;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SQL Server scripts of the sample describe the same tables and columns, in the same order, as
 * the PostgreSQL ones (no SQL Server runs here: the live suite runs them for real).
 */
class SampleSqlServerScriptsTest {
  private static final Path PACKAGE = Path.of("servicedesk-1-to-2");
  private static final Pattern CREATE_TABLE = Pattern.compile("(?is)CREATE TABLE (\\w+) \\((.*?)\\n\\);");

  @Test
  void thePackageNamesTheSqlServerScriptsOfEachKind() {
    UpgradePackage pkg = UpgradePackageLoader.load(PACKAGE);
    PlatformScripts sqlserver = pkg.platforms().get("sqlserver");
    assertThat(sqlserver).isNotNull();
    assertThat(names(sqlserver.schema())).containsExactly("001_tables.sql", "002_seed.sql");
    assertThat(names(sqlserver.migrations())).containsExactly("V2__from_v1.sql");
    assertThat(names(sqlserver.pilotMode())).containsExactly("pilot-mode.sql");
    assertThat(names(sqlserver.postSwitch())).containsExactly("post-switch.sql");
  }

  @Test
  void versionTwoHasThePostgresqlTablesAndColumnsInTheirOrder() throws IOException {
    assertThat(tables(read(PACKAGE.resolve("sqlserver/schema/001_tables.sql"))))
        .isEqualTo(tables(read(PACKAGE.resolve("postgresql/schema/001_tables.sql"))));
  }

  @Test
  void versionOneHasThePostgresqlTablesAndColumnsInTheirOrder() throws IOException {
    assertThat(tables(resource(SampleSqlServerProduction.SCHEMA)))
        .isEqualTo(tables(resource(SampleProduction.V1_SCHEMA.get(0))))
        .containsKeys("saved_searches", "tickets");
  }

  @Test
  void versionOneScriptsAreSingleBatchesAndTheDataScriptTakesThreeCounts() {
    for (String script : SampleSqlServerProduction.SCRIPTS) {
      assertThat(resource(script)).as(script).doesNotContainPattern("(?im)^\\s*GO\\s*$");
    }
    assertThat(resource(SampleSqlServerProduction.DATA)).contains("DECLARE @computers int = ?, @tickets int = ?, @comments int = ?;");
  }

  /** Table name -> column names, from the CREATE TABLE statements (constraints and comments left out). */
  private static Map<String, List<String>> tables(String script) {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    Matcher m = CREATE_TABLE.matcher(script);
    while (m.find()) {
      List<String> columns = new ArrayList<>();
      for (String line : m.group(2).split("\\n")) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("--") || trimmed.toUpperCase(Locale.ROOT).startsWith("CONSTRAINT")
            || trimmed.toUpperCase(Locale.ROOT).startsWith("PRIMARY KEY") || !Character.isLetter(trimmed.charAt(0))) {
          continue;
        }
        columns.add(trimmed.split("\\s+")[0]);
      }
      tables.put(m.group(1).toLowerCase(Locale.ROOT), columns);
    }
    return tables;
  }

  private static List<String> names(List<Path> paths) {
    return paths.stream().map(p -> p.getFileName().toString()).toList();
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path);
  }

  private static String resource(String name) {
    return SqlResources.read(name);
  }
}
