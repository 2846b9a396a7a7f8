package com.upgradectl.activities.copy;

import com.upgradectl.pkg.InvalidPackageException;
import com.upgradectl.pkg.PackageProblem;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.schema.ColumnPlans;
import com.upgradectl.pkg.schema.ColumnShape;
import com.upgradectl.pkg.schema.TableShape;
import java.util.List;

/**
 * Where each target column's value comes from, as the package module resolves it ({@link
 * ColumnPlans}: the package's override, else the source column of the same name, else the column's
 * default; generated columns never). The schema check of preflight uses the same resolver, so the
 * copier cannot disagree with it. This class only translates between the catalog's view of a table
 * and the package module's.
 */
public final class ColumnMapping {
  private ColumnMapping() {}

  /** The resolved columns in target order, and every problem found (empty when the mapping holds). */
  public record Result(List<MappedColumn> columns, List<String> problems) {}

  public static Result resolve(TableSpec spec, TableInfo target, TableInfo source) {
    List<MappedColumn> columns;
    try {
      columns = ColumnPlans.resolve(spec, shape(target), shape(source)).stream()
          .map(plan -> new MappedColumn(plan.targetColumn(), plan.targetType(), plan.source()))
          .toList();
    } catch (InvalidPackageException e) {
      return new Result(List.of(), e.problems().stream().map(PackageProblem::toString).toList());
    }
    if (columns.isEmpty()) {
      return new Result(List.of(), List.of(spec.location() + ": table '" + spec.name()
          + "': no column of it can be filled from production's table '" + source.name() + "'"));
    }
    return new Result(columns, List.of());
  }

  /** Identity columns get a value when left out, like a default; their values are still copied. */
  static TableShape shape(TableInfo table) {
    return new TableShape(table.name(), table.columns().stream()
        .map(c -> new ColumnShape(c.name(), c.type(), !c.notNull(), c.hasDefault() || c.identity(), c.generated()))
        .toList());
  }
}
