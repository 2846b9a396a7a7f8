package com.upgradectl.worker.config;

import java.util.List;

/** Every problem of a configuration at once, each naming its property, so one edit fixes them all. */
public final class InvalidConfigurationException extends Exception {
  private final List<String> problems;

  public InvalidConfigurationException(String source, List<String> problems) {
    super(source + " is invalid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  - "
        + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
