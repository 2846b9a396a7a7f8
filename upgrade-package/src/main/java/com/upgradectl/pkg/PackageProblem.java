package com.upgradectl.pkg;

/** PLACEHOLDER for the package helper's record; replaced when main carries the real one. */
public record PackageProblem(SourceLocation location, String message) {
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
