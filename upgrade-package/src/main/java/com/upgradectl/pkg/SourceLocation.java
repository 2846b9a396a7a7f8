package com.upgradectl.pkg;

/** Where in the package a thing was declared, so that every problem names its file and line. */
public record SourceLocation(String file, int line) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
