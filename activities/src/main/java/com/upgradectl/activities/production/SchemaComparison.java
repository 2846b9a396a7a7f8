package com.upgradectl.activities.production;

import com.upgradectl.pkg.schema.ColumnShape;
import com.upgradectl.pkg.schema.SchemaCheck;
import com.upgradectl.pkg.schema.TableShape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The migrated production's tables against the target schema's: the same tables, each with the same
 * columns of the same type, nullability, default and generation. Column order is not compared (a
 * migration adds columns at the end; nothing reads columns by position), tool tables are left out.
 */
final class SchemaComparison {
  private SchemaComparison() {}

  static List<String> differences(List<TableShape> target, List<TableShape> migrated) {
    Map<String, TableShape> expected = byName(target);
    Map<String, TableShape> actual = byName(migrated);
    List<String> differences = new ArrayList<>();
    expected.keySet().stream().filter(t -> !actual.containsKey(t))
        .forEach(t -> differences.add("table " + t + " is missing"));
    actual.keySet().stream().filter(t -> !expected.containsKey(t))
        .forEach(t -> differences.add("table " + t + " is not in the target schema"));
    for (Map.Entry<String, TableShape> table : expected.entrySet()) {
      TableShape migratedTable = actual.get(table.getKey());
      if (migratedTable != null) {
        differences.addAll(columnDifferences(table.getKey(), table.getValue(), migratedTable));
      }
    }
    return differences;
  }

  private static List<String> columnDifferences(String table, TableShape target, TableShape migrated) {
    Map<String, ColumnShape> expected = columns(target);
    Map<String, ColumnShape> actual = columns(migrated);
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, ColumnShape> column : expected.entrySet()) {
      ColumnShape migratedColumn = actual.get(column.getKey());
      if (migratedColumn == null) {
        differences.add("column " + table + "." + column.getKey() + " is missing");
      } else if (!same(column.getValue(), migratedColumn)) {
        differences.add("column " + table + "." + column.getKey() + " is " + describe(migratedColumn)
            + ", the target schema has " + describe(column.getValue()));
      }
    }
    actual.keySet().stream().filter(c -> !expected.containsKey(c))
        .forEach(c -> differences.add("column " + table + "." + c + " is not in the target schema"));
    return differences;
  }

  private static boolean same(ColumnShape a, ColumnShape b) {
    return a.type().equals(b.type()) && a.nullable() == b.nullable() && a.hasDefault() == b.hasDefault()
        && a.generated() == b.generated();
  }

  private static String describe(ColumnShape c) {
    return c.type() + (c.nullable() ? " NULL" : " NOT NULL") + (c.hasDefault() ? " with a default" : "")
        + (c.generated() ? " generated" : "");
  }

  private static Map<String, TableShape> byName(List<TableShape> tables) {
    return tables.stream().filter(t -> !SchemaCheck.isToolTable(t.name()))
        .collect(Collectors.toMap(t -> t.name().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a,
            TreeMap::new));
  }

  private static Map<String, ColumnShape> columns(TableShape table) {
    return table.columns().stream().sorted(Comparator.comparing(ColumnShape::name))
        .collect(Collectors.toMap(c -> c.name().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a,
            TreeMap::new));
  }
}
