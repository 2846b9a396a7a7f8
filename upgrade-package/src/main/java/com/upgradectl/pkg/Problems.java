package com.upgradectl.pkg;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found, so that all of them are reported at once. */
final class Problems {
  private final List<PackageProblem> found = new ArrayList<>();

  void add(SourceLocation location, String message) {
    found.add(new PackageProblem(location, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  List<PackageProblem> list() {
    return List.copyOf(found);
  }
}
