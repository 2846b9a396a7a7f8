package com.upgradectl.activities.copy;

import java.util.List;

/** The package's tables do not fit the pilot's or production's schema; lists every problem. */
public final class MappingException extends RuntimeException {
  private final List<String> problems;

  public MappingException(List<String> problems) {
    super(problems.size() + " problem(s) with the package's tables: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
