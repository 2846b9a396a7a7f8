package com.upgradectl.pkg.schema;

import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.PackageProblem;
import com.upgradectl.pkg.Suggestions;
import com.upgradectl.pkg.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches one imported table's mapping against the real target and source tables. The schema check
 * reports its problems and the copier uses its plan: being one piece of code, they cannot disagree.
 */
final class TableMapper {
  private final TableSpec spec;
  private final TableShape target;
  private final TableShape source;
  private final List<PackageProblem> problems = new ArrayList<>();
  private final List<ColumnPlan> plan = new ArrayList<>();

  private TableMapper(TableSpec spec, TableShape target, TableShape source) {
    this.spec = spec;
    this.target = target;
    this.source = source;
  }

  static TableMapper map(TableSpec spec, TableShape target, TableShape source) {
    TableMapper mapper = new TableMapper(spec, target, source);
    mapper.checkOverrides();
    mapper.planColumns();
    return mapper;
  }

  List<PackageProblem> problems() {
    return List.copyOf(problems);
  }

  List<ColumnPlan> plan() {
    return List.copyOf(plan);
  }

  private void checkOverrides() {
    for (Map.Entry<String, ColumnSource> override : spec.columns().entrySet()) {
      String column = override.getKey();
      Optional<ColumnShape> targetColumn = target.column(column);
      if (targetColumn.isEmpty()) {
        problem(column, "column '" + column + "' is mapped, but the target table '" + target.name() + "' has no such column"
            + Suggestions.didYouMean(column, target.columnNames()));
      } else if (targetColumn.get().generated()) {
        problem(column, "column '" + column + "' is mapped, but the target table computes it (a generated column): it cannot be written");
      }
      if (override.getValue() instanceof ColumnSource.SourceColumn from && source.column(from.column()).isEmpty()) {
        problem(column, "column '" + column + "' is mapped from '" + from.column() + "', but production's table '" + source.name()
            + "' has no such column" + Suggestions.didYouMean(from.column(), source.columnNames()));
      }
    }
  }

  private void planColumns() {
    for (ColumnShape column : target.columns()) {
      Optional<ColumnSource> override = spec.override(column.name());
      if (override.isPresent()) {
        if (column.generated()) {
          continue; // reported by checkOverrides
        }
        resolve(override.get()).ifPresent(resolved -> plan.add(new ColumnPlan(column.name(), column.type(), resolved)));
      } else if (column.generated()) {
        continue; // the database computes it
      } else if (source.column(column.name()).isPresent()) {
        plan.add(new ColumnPlan(column.name(), column.type(), new ColumnSource.SourceColumn(source.column(column.name()).get().name())));
      } else if (!column.nullable() && !column.hasDefault()) {
        problems.add(new PackageProblem(spec.location(), "table '" + spec.name() + "': column '" + column.name()
            + "' is NOT NULL without a default, and production's table '" + source.name()
            + "' has no column of that name: map it under 'columns' with from, value or sql"));
      }
      // otherwise left out, so that its default (or NULL) applies
    }
  }

  /** The override with its source column spelt as production spells it; empty when it cannot be used. */
  private Optional<ColumnSource> resolve(ColumnSource override) {
    if (override instanceof ColumnSource.SourceColumn from) {
      return source.column(from.column()).map(c -> new ColumnSource.SourceColumn(c.name()));
    }
    return Optional.of(override);
  }

  private void problem(String column, String message) {
    problems.add(new PackageProblem(spec.locationOf(column), "table '" + spec.name() + "': " + message));
  }
}
