package com.upgradectl.activities.copy;

import com.upgradectl.pkg.TableSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Builds the plans of a set of package tables from both catalogs, reporting every problem at once. */
public final class TablePlans {
  private TablePlans() {}

  /**
   * @param targetTables the pilot's tables
   * @param sourceTables production's tables
   * @throws MappingException listing every problem found, before anything is copied
   */
  public static List<TablePlan> build(List<TableSpec> specs, Collection<TableInfo> targetTables,
      Collection<TableInfo> sourceTables) {
    List<TablePlan> plans = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TableSpec spec : specs) {
      String sourceName = spec.sourceTable() == null || spec.sourceTable().isBlank() ? spec.name() : spec.sourceTable();
      Optional<TableInfo> target = CatalogNames.find(targetTables, TableInfo::name, spec.name());
      Optional<TableInfo> source = CatalogNames.find(sourceTables, TableInfo::name, sourceName);
      if (target.isEmpty()) {
        problems.add(spec.location() + ": table '" + spec.name() + "': the pilot has no such table");
      }
      if (source.isEmpty()) {
        problems.add(spec.location() + ": table '" + spec.name() + "': production has no table '" + sourceName + "'");
      }
      if (target.isEmpty() || source.isEmpty()) {
        continue;
      }
      ColumnMapping.Result mapping = ColumnMapping.resolve(spec, target.get(), source.get());
      problems.addAll(mapping.problems());
      if (mapping.problems().isEmpty()) {
        plans.add(new TablePlan(spec, target.get(), source.get(), mapping.columns(),
            chunkKey(target.get(), source.get(), mapping.columns())));
      }
    }
    if (!problems.isEmpty()) {
      throw new MappingException(problems);
    }
    return List.copyOf(plans);
  }

  /**
   * The target's primary key, each column traced back to the source column it copies unchanged, so
   * that the pilot's highest key says where production's rows continue.
   */
  static List<KeyColumn> chunkKey(TableInfo target, TableInfo source, List<MappedColumn> columns) {
    List<KeyColumn> key = new ArrayList<>();
    for (String keyColumn : target.primaryKey()) {
      MappedColumn mapped = columns.stream().filter(c -> c.target().equals(keyColumn)).findFirst().orElse(null);
      String sourceColumn = mapped == null ? null : mapped.plainSourceColumn();
      if (sourceColumn == null) {
        return List.of();
      }
      key.add(new KeyColumn(keyColumn, sourceColumn, source.column(sourceColumn).orElseThrow().type()));
    }
    return List.copyOf(key);
  }
}
