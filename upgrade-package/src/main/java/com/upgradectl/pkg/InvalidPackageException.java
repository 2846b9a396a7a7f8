package com.upgradectl.pkg;

import java.util.List;

/**
 * An upgrade package that cannot be used. The message lists every problem found, each with its
 * file and line, so that the author fixes them all in one pass.
 */
public class InvalidPackageException extends RuntimeException {
  private final transient List<PackageProblem> problems;

  public InvalidPackageException(String packageDescription, List<PackageProblem> problems) {
    super(describe(packageDescription, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid package needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<PackageProblem> problems() {
    return problems;
  }

  private static String describe(String packageDescription, List<PackageProblem> problems) {
    StringBuilder text = new StringBuilder("upgrade package ").append(packageDescription).append(" has ")
        .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
    for (PackageProblem problem : problems) {
      text.append("\n  ").append(problem);
    }
    return text.toString();
  }
}
