package com.upgradectl.pkg.schema;

import java.util.List;
import java.util.Optional;

/** A table as a database reports it: its columns in their declared order. */
public record TableShape(String name, List<ColumnShape> columns) {
  public TableShape {
    columns = List.copyOf(columns);
  }

  /** The column of that name, compared case-insensitively. */
  public Optional<ColumnShape> column(String name) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  List<String> columnNames() {
    return columns.stream().map(ColumnShape::name).toList();
  }
}
