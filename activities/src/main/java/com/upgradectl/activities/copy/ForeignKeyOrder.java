package com.upgradectl.activities.copy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders tables so that every referenced table comes before the tables referring to it. */
public final class ForeignKeyOrder {
  private ForeignKeyOrder() {}

  /**
   * Parents first, otherwise in the given order. Self-references do not constrain the order; tables
   * in a reference cycle come last in the given order (their constraints must be deferrable for a
   * load in one transaction to pass).
   */
  public static List<String> parentsFirst(List<String> tables, List<ForeignKeyInfo> foreignKeys) {
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    for (String table : tables) {
      parents.put(table, new LinkedHashSet<>());
    }
    for (ForeignKeyInfo fk : foreignKeys) {
      if (parents.containsKey(fk.table()) && parents.containsKey(fk.referencedTable())
          && !fk.table().equals(fk.referencedTable())) {
        parents.get(fk.table()).add(fk.referencedTable());
      }
    }
    List<String> ordered = new ArrayList<>();
    boolean progress = true;
    while (ordered.size() < tables.size() && progress) {
      progress = false;
      for (String table : tables) {
        if (!ordered.contains(table) && ordered.containsAll(parents.get(table))) {
          ordered.add(table);
          progress = true;
        }
      }
    }
    for (String table : tables) {
      if (!ordered.contains(table)) {
        ordered.add(table);
      }
    }
    return ordered;
  }
}
