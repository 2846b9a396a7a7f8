package com.upgradectl.activities.copy;

import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides where each target column's value comes from: the package's override for that column
 * (renamed source column, constant, expression), else the source column of the same name, else
 * nothing (the column's default applies). Generated columns are never written.
 *
 * <p>The one place that resolves a mapping, so that the package module's resolver can replace it
 * without touching the copier.
 */
public final class ColumnMapping {
  private ColumnMapping() {}

  /** The resolved columns in target order, and every problem found (empty when the mapping holds). */
  public record Result(List<MappedColumn> columns, List<String> problems) {}

  public static Result resolve(TableSpec spec, TableInfo target, TableInfo source) {
    List<MappedColumn> columns = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, ColumnSource> overrides = spec.columns() == null ? Map.of() : spec.columns();
    String where = spec.location() == null ? "" : " (" + spec.location() + ")";

    for (String overridden : overrides.keySet()) {
      if (target.column(overridden).isEmpty()) {
        problems.add("table " + spec.name() + where + ": mapping names column " + overridden
            + ", which the target table does not have");
      }
    }
    for (ColumnInfo column : target.columns()) {
      if (column.generated()) {
        continue;
      }
      ColumnSource override = CatalogNames.find(overrides.keySet(), k -> k, column.name()).map(overrides::get).orElse(null);
      if (override instanceof ColumnSource.SourceColumn renamed) {
        if (source.column(renamed.column()).isEmpty()) {
          problems.add("table " + spec.name() + where + ": column " + column.name() + " is mapped from "
              + source.name() + "." + renamed.column() + ", which production does not have");
          continue;
        }
        String sourceName = source.column(renamed.column()).get().name();
        columns.add(new MappedColumn(column.name(), column.type(), new ColumnSource.SourceColumn(sourceName)));
      } else if (override != null) {
        columns.add(new MappedColumn(column.name(), column.type(), override));
      } else if (source.column(column.name()).isPresent()) {
        String sourceName = source.column(column.name()).get().name();
        columns.add(new MappedColumn(column.name(), column.type(), new ColumnSource.SourceColumn(sourceName)));
      } else if (column.notNull() && !column.hasDefault() && !column.identity()) {
        problems.add("table " + spec.name() + where + ": column " + column.name()
            + " is NOT NULL without a default and production's " + source.name()
            + " has no column of that name: map it (rename, constant or expression)");
      }
    }
    if (columns.isEmpty() && problems.isEmpty()) {
      problems.add("table " + spec.name() + where + ": no column of it can be filled from production's "
          + source.name());
    }
    return new Result(List.copyOf(columns), List.copyOf(problems));
  }
}
