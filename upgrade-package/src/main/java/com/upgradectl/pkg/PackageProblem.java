package com.upgradectl.pkg;

/** One thing wrong with an upgrade package, where it was found and what is wrong. */
public record PackageProblem(SourceLocation location, String message) {
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
