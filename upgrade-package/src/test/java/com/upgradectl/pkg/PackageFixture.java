package com.upgradectl.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small packages for tests. */
public final class PackageFixture {
  private PackageFixture() {}

  /** Writes package.yaml and an empty-statement SQL file for every relative path in {@code scripts}. */
  public static Path write(Path dir, String manifest, String... scripts) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(UpgradePackageLoader.MANIFEST), manifest);
    for (String script : scripts) {
      Path file = dir.resolve(script);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "SELECT 1;\n");
    }
    return dir;
  }

  /** "package.yaml:N" where N is the 1-based line of the first line of {@code manifest} containing {@code marker}. */
  public static String at(String manifest, String marker) {
    String[] lines = manifest.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(marker)) {
        return UpgradePackageLoader.MANIFEST + ":" + (i + 1);
      }
    }
    throw new IllegalArgumentException("no line contains " + marker);
  }
}
