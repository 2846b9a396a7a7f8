package com.upgradectl.pkg.schema;

import com.upgradectl.pkg.PackageProblem;
import com.upgradectl.pkg.Suggestions;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a package against the real schemas, without touching a database: the target schema (what
 * the package's schema scripts create) and production's (the source). Names are compared
 * case-insensitively. Each problem points at the package.yaml line of the table or column concerned.
 */
public final class SchemaCheck {
  /** Tables of the tool itself (markers, checkpoints) that no package classifies. */
  public static final String TOOL_TABLE_PREFIX = "upgradectl_";

  private SchemaCheck() {}

  /**
   * @param target the tables the package's schema scripts create
   * @param source production's tables
   * @return every problem; empty when the package can fill every target table
   */
  public static List<PackageProblem> problems(UpgradePackage pkg, List<TableShape> target, List<TableShape> source) {
    List<PackageProblem> problems = new ArrayList<>();
    Map<String, TableShape> targetTables = byName(target);
    Map<String, TableShape> sourceTables = byName(source);
    for (TableShape table : target) {
      if (!isToolTable(table.name()) && pkg.table(table.name()).isEmpty()) {
        problems.add(new PackageProblem(pkg.tablesLocation(), "table '" + table.name()
            + "' of the target schema is not classified: add it under 'tables' as configuration, data or excluded"));
      }
    }
    for (TableSpec spec : pkg.tables()) {
      TableShape targetTable = targetTables.get(key(spec.name()));
      if (targetTable == null) {
        problems.add(new PackageProblem(spec.location(), "table '" + spec.name()
            + "' is classified, but the target schema has no such table" + Suggestions.didYouMean(spec.name(), names(target))));
        continue;
      }
      if (!spec.imported()) {
        continue;
      }
      TableShape sourceTable = sourceTables.get(key(spec.sourceTable()));
      if (sourceTable == null) {
        problems.add(new PackageProblem(spec.location(), "table '" + spec.name() + "' is imported from production's table '"
            + spec.sourceTable() + "', which production does not have" + Suggestions.didYouMean(spec.sourceTable(), names(source))
            + (spec.sourceTable().equals(spec.name()) ? " (a new table with nothing to import is classified excluded)" : "")));
        continue;
      }
      problems.addAll(TableMapper.map(spec, targetTable, sourceTable).problems());
    }
    return problems;
  }

  /**
   * Production tables that no table of the package reads: their rows will not reach the new
   * version. Not an error (a new version may drop a table), but the operator must be told.
   */
  public static List<String> droppedSourceTables(UpgradePackage pkg, List<TableShape> source) {
    return source.stream()
        .map(TableShape::name)
        .filter(name -> !isToolTable(name))
        .filter(name -> pkg.tables().stream().noneMatch(spec -> spec.sourceTable().equalsIgnoreCase(name)))
        .toList();
  }

  public static boolean isToolTable(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith(TOOL_TABLE_PREFIX);
  }

  private static Map<String, TableShape> byName(List<TableShape> tables) {
    return tables.stream().collect(Collectors.toMap(t -> key(t.name()), Function.identity(), (a, b) -> a));
  }

  private static List<String> names(List<TableShape> tables) {
    return tables.stream().map(TableShape::name).toList();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
