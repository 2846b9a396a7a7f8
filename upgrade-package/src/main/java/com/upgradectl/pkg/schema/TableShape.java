package com.upgradectl.pkg.schema;

import java.util.List;
import java.util.Optional;

/** PLACEHOLDER for the package helper's record; replaced when main carries the real one. */
public record TableShape(String name, List<ColumnShape> columns) {
  public Optional<ColumnShape> column(String name) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }
}
