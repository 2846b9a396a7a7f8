package com.upgradectl.activities.copy;

import com.upgradectl.pkg.TableSpec;
import java.util.List;

/**
 * How one target table is filled from production: which source rows (table and filter), which
 * columns from what, and the key it is copied in chunks by.
 *
 * @param key the chunking key; empty when the target has no primary key or a key column is not a
 *     plain copy of a source column: such a table is copied whole, in one chunk
 */
public record TablePlan(TableSpec spec, TableInfo target, TableInfo source, List<MappedColumn> columns,
    List<KeyColumn> key) {

  public String name() {
    return target.name();
  }

  public boolean chunked() {
    return !key.isEmpty();
  }

  public String sourceFilter() {
    String filter = spec.sourceFilter();
    return filter == null || filter.isBlank() ? null : filter;
  }

  public List<String> targetColumns() {
    return columns.stream().map(MappedColumn::target).toList();
  }
}
