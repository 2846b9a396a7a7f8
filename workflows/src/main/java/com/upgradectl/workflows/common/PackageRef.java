package com.upgradectl.workflows.common;

/**
 * Which upgrade package an upgrade uses. {@code location} is a directory the worker can read;
 * {@code digest} is the SHA-256 over all its files, taken when the CLI validated it: the worker
 * refuses a package whose files changed since, so every retry and every step runs the same package.
 */
public record PackageRef(String location, String digest, String name, String fromVersion, String toVersion) {

  /** "servicedesk 1 -> 2", as history lines name the package. */
  public String versions() {
    return name + " " + fromVersion + " -> " + toVersion;
  }
}
