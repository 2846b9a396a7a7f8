package com.upgradectl.pkg.schema;

import com.upgradectl.pkg.InvalidPackageException;
import com.upgradectl.pkg.TableSpec;
import java.util.List;

/** Resolves an imported table's mapping into what the copier reads and writes. */
public final class ColumnPlans {
  private ColumnPlans() {}

  /**
   * The target columns to fill, in the target table's column order, each with where its value
   * comes from. Target columns without a source that are nullable or have a default are left out,
   * so that the database fills them; generated columns are always left out.
   *
   * @throws IllegalArgumentException for an excluded table
   * @throws InvalidPackageException when the mapping does not fit the tables (what
   *     {@link SchemaCheck#problems} reports for this table)
   */
  public static List<ColumnPlan> resolve(TableSpec spec, TableShape target, TableShape source) {
    if (!spec.imported()) {
      throw new IllegalArgumentException("table " + spec.name() + " is excluded: it is not imported, so it has no column plan");
    }
    TableMapper mapper = TableMapper.map(spec, target, source);
    if (!mapper.problems().isEmpty()) {
      throw new InvalidPackageException("(mapping of table " + spec.name() + ")", mapper.problems());
    }
    return mapper.plan();
  }
}
