package com.upgradectl.pkg;

import java.util.List;

/** PLACEHOLDER for the package helper's exception; replaced when main carries the real one. */
public class InvalidPackageException extends RuntimeException {
  public InvalidPackageException(String packageDescription, List<PackageProblem> problems) {
    super("upgrade package " + packageDescription + " has problems: " + problems);
  }
}
