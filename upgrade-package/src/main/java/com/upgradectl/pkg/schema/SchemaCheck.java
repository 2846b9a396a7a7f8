package com.upgradectl.pkg.schema;

import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.PackageProblem;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** PLACEHOLDER (minimal) for the package helper's check; replaced when main carries the real one. */
public final class SchemaCheck {
  private SchemaCheck() {}

  public static List<PackageProblem> problems(UpgradePackage pkg, List<TableShape> target, List<TableShape> source) {
    List<PackageProblem> problems = new ArrayList<>();
    SourceLocation at = new SourceLocation("package.yaml", 0);
    for (TableShape table : target) {
      Optional<TableSpec> spec = pkg.table(table.name());
      if (spec.isEmpty()) {
        problems.add(new PackageProblem(at, "table '" + table.name() + "' of the target schema is not classified"));
        continue;
      }
      if (!spec.get().imported()) {
        continue;
      }
      String sourceName = spec.get().sourceTable() != null ? spec.get().sourceTable() : table.name();
      Optional<TableShape> src = source.stream().filter(s -> s.name().equalsIgnoreCase(sourceName)).findFirst();
      if (src.isEmpty()) {
        problems.add(new PackageProblem(at, "table '" + table.name() + "': production has no table '" + sourceName + "'"));
        continue;
      }
      for (ColumnShape column : table.columns()) {
        ColumnSource override = spec.get().columns().get(column.name());
        String from = override == null ? column.name()
            : override instanceof ColumnSource.SourceColumn s ? s.column() : null;
        boolean present = from == null || src.get().column(from).isPresent();
        if (!present && override != null) {
          problems.add(new PackageProblem(at, "column '" + table.name() + "." + column.name()
              + "' maps to production column '" + from + "', which does not exist"));
        } else if (!present && !column.nullable() && !column.hasDefault() && !column.generated()) {
          problems.add(new PackageProblem(at, "column '" + table.name() + "." + column.name()
              + "' is NOT NULL without a default, and production has no such column"));
        }
      }
    }
    return problems;
  }

  public static List<String> droppedSourceTables(UpgradePackage pkg, List<TableShape> source) {
    return source.stream().map(TableShape::name)
        .filter(name -> pkg.tables().stream().noneMatch(spec -> name.equalsIgnoreCase(
            spec.sourceTable() != null ? spec.sourceTable() : spec.name())))
        .toList();
  }
}
