package com.upgradectl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.PlatformScripts;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.pkg.schema.ColumnPlan;
import com.upgradectl.pkg.schema.ColumnPlans;
import com.upgradectl.pkg.schema.SchemaCheck;
import com.upgradectl.pkg.schema.TableShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample package against real databases, three of them: production as generated (version 1),
 * production migrated in place by the package's migration, and an empty database given the
 * package's version-2 schema scripts. The two ways to version 2 must agree, on the schema and on
 * the rows.
 */
class SamplePackageAgainstDatabasesTest {
  static EmbeddedDatabases databases;
  static UpgradePackage pkg;
  static Connection production;
  static Connection migrated;
  static Connection fresh;

  @BeforeAll
  static void createDatabases() throws IOException, SQLException {
    databases = EmbeddedDatabases.start();
    pkg = UpgradePackageLoader.load(SamplePackageTest.SOURCE);
    PlatformScripts scripts = pkg.scriptsFor("postgresql");

    production = databases.newDatabase("production");
    SampleProduction.create(production, 1000);

    migrated = databases.newDatabase("migrated");
    SampleProduction.create(migrated, 1000);
    runScripts(migrated, scripts.migrations());

    fresh = databases.newDatabase("fresh");
    runScripts(fresh, scripts.schema());
  }

  @AfterAll
  static void stop() throws Exception {
    for (Connection conn : List.of(production, migrated, fresh)) {
      conn.close();
    }
    databases.close();
  }

  @Test
  void theMigrationGivesExactlyTheSchemaOfTheSchemaScripts() throws SQLException {
    assertThat(Catalog.columns(migrated)).isEqualTo(Catalog.columns(fresh));
    assertThat(Catalog.constraints(migrated)).isEqualTo(Catalog.constraints(fresh));
    assertThat(Catalog.indexes(migrated)).isEqualTo(Catalog.indexes(fresh));
    assertThat(Catalog.sequences(migrated)).isEqualTo(Catalog.sequences(fresh));
  }

  @Test
  void bothWaysEndAtVersionTwo() throws SQLException {
    String versionQuery = pkg.versionQuery();
    assertThat(Catalog.lines(production, versionQuery)).containsExactly("1");
    assertThat(Catalog.lines(migrated, versionQuery)).containsExactly("2");
    assertThat(Catalog.lines(fresh, versionQuery)).containsExactly("2");
  }

  @Test
  void thePackageFitsProductionAndTheTargetSchema() throws SQLException {
    List<TableShape> target = Catalog.tables(fresh);
    List<TableShape> source = Catalog.tables(production);

    assertThat(SchemaCheck.problems(pkg, target, source)).isEmpty();
    assertThat(SchemaCheck.droppedSourceTables(pkg, source)).containsExactly("saved_searches");
  }

  @Test
  void thePackageMappingsGiveTheRowsTheMigrationGives() throws SQLException {
    List<TableShape> target = Catalog.tables(fresh);
    List<TableShape> source = Catalog.tables(production);
    for (TableSpec spec : pkg.importedTables()) {
      List<ColumnPlan> plan = ColumnPlans.resolve(spec, shape(target, spec.name()), shape(source, spec.sourceTable()));

      List<List<String>> mapped = rows(production, mappedSelect(spec, plan), constants(plan));
      List<List<String>> migratedRows = rows(migrated, targetSelect(spec, plan), List.of());

      assertThat(mapped).as(spec.name()).isNotEmpty().isEqualTo(migratedRows);
    }
  }

  @Test
  void theSplitTableOnlyHoldsTicketsWithLongTexts() throws SQLException {
    // 500 tickets: 62 have neither a description nor a resolution; 63 have only a resolution
    assertThat(Catalog.lines(migrated, "SELECT count(*) FROM ticket_details")).containsExactly("438");
    assertThat(Catalog.lines(migrated, "SELECT count(*) FROM ticket_details WHERE description IS NULL")).containsExactly("63");
    assertThat(Catalog.lines(migrated, "SELECT count(*) FROM tickets")).containsExactly("500");
    assertThat(Catalog.lines(migrated, "SELECT lifecycle || ' ' || count(*) FROM computers GROUP BY lifecycle ORDER BY 1"))
        .containsExactly("in_use 93", "retired 7");
  }

  /** production's rows as the package maps them, each value cast to the target column's type, as text. */
  private static String mappedSelect(TableSpec spec, List<ColumnPlan> plan) {
    String columns = plan.stream()
        .map(column -> "CAST(CAST(" + sourceValue(column.source()) + " AS " + column.targetType() + ") AS text)")
        .collect(Collectors.joining(", "));
    return "SELECT " + columns + " FROM " + quote(spec.sourceTable())
        + (spec.sourceFilter() == null ? "" : " WHERE " + spec.sourceFilter()) + orderByAll(plan);
  }

  private static String targetSelect(TableSpec spec, List<ColumnPlan> plan) {
    String columns = plan.stream().map(column -> "CAST(" + quote(column.targetColumn()) + " AS text)").collect(Collectors.joining(", "));
    return "SELECT " + columns + " FROM " + quote(spec.name()) + orderByAll(plan);
  }

  private static String sourceValue(ColumnSource source) {
    if (source instanceof ColumnSource.SourceColumn column) {
      return quote(column.column());
    }
    if (source instanceof ColumnSource.Constant) {
      return "?";
    }
    return "(" + ((ColumnSource.Expression) source).sql() + ")";
  }

  private static List<String> constants(List<ColumnPlan> plan) {
    return plan.stream()
        .filter(column -> column.source() instanceof ColumnSource.Constant)
        .map(column -> ((ColumnSource.Constant) column.source()).value())
        .toList();
  }

  private static String orderByAll(List<ColumnPlan> plan) {
    return " ORDER BY " + IntStream.rangeClosed(1, plan.size()).mapToObj(Integer::toString).collect(Collectors.joining(", "));
  }

  /** This test's only identifier quoting; the names come from the package and the catalog. */
  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static List<List<String>> rows(Connection conn, String sql, List<String> parameters) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement statement = conn.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setString(i + 1, parameters.get(i));
      }
      try (ResultSet result = statement.executeQuery()) {
        int width = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<String> row = new ArrayList<>(width);
          for (int column = 1; column <= width; column++) {
            row.add(result.getString(column));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static TableShape shape(List<TableShape> tables, String name) {
    return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElseThrow();
  }

  private static void runScripts(Connection conn, List<Path> scripts) throws SQLException {
    SqlResources.inTransaction(conn, () -> {
      for (Path script : scripts) {
        try (Statement statement = conn.createStatement()) {
          statement.execute(Files.readString(script));
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + script, e);
        }
      }
      return null;
    });
  }
}
