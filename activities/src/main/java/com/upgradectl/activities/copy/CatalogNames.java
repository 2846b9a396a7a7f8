package com.upgradectl.activities.copy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a name written in a package finds a catalog object: the exact name first (PostgreSQL keeps
 * unquoted names in lower case), else the one object whose name differs only in case.
 */
public final class CatalogNames {
  private CatalogNames() {}

  public static <T> Optional<T> find(Collection<T> objects, Function<T, String> nameOf, String wanted) {
    for (T object : objects) {
      if (nameOf.apply(object).equals(wanted)) {
        return Optional.of(object);
      }
    }
    List<T> ignoringCase = objects.stream().filter(o -> nameOf.apply(o).equalsIgnoreCase(wanted)).toList();
    return ignoringCase.size() == 1 ? Optional.of(ignoringCase.get(0)) : Optional.empty();
  }
}
