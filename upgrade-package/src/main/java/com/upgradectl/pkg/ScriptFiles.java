package com.upgradectl.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a script named in package.yaml is. A package only ever runs its own files: a path that is
 * absolute, climbs out with "..", or leaves through a symbolic link is refused, so that the digest
 * covers every statement that will run.
 */
final class ScriptFiles {
  private ScriptFiles() {}

  /** @return the script's absolute path, or empty after recording why it cannot be used */
  static Optional<Path> resolve(Path root, String relative, SourceLocation location, Problems problems) {
    Path path;
    try {
      path = Path.of(relative);
    } catch (InvalidPathException e) {
      problems.add(location, "script '" + relative + "' is not a valid file path: " + e.getReason());
      return Optional.empty();
    }
    if (path.isAbsolute()) {
      problems.add(location, "script '" + relative + "' must be a path relative to the package directory");
      return Optional.empty();
    }
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root)) {
      problems.add(location, "script '" + relative + "' lies outside the package directory");
      return Optional.empty();
    }
    if (!Files.exists(file)) {
      problems.add(location, "script '" + relative + "' does not exist in the package directory");
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      problems.add(location, "script '" + relative + "' is not a regular file");
      return Optional.empty();
    }
    try {
      if (!file.toRealPath().startsWith(root.toRealPath())) {
        problems.add(location, "script '" + relative + "' lies outside the package directory (through a symbolic link)");
        return Optional.empty();
      }
    } catch (IOException e) {
      problems.add(location, "script '" + relative + "' cannot be read: " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(file);
  }
}
