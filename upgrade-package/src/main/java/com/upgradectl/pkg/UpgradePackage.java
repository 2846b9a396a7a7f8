package com.upgradectl.pkg;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated upgrade package: one version step of one application.
 *
 * @param root the package directory
 * @param digest SHA-256 (hex) over every file of the package, names included
 * @param versionQuery optional SQL returning production's current version (one row, one column)
 * @param tables every table of the target schema, classified
 * @param platforms scripts by platform name ("postgresql", "sqlserver")
 * @param tablesLocation where the {@code tables:} key is in package.yaml: problems about a table the
 *     package does not mention point there
 */
public record UpgradePackage(
    Path root,
    String name,
    String fromVersion,
    String toVersion,
    String digest,
    String versionQuery,
    List<TableSpec> tables,
    Map<String, PlatformScripts> platforms,
    SourceLocation tablesLocation) {

  public UpgradePackage {
    tables = List.copyOf(tables);
    platforms = Collections.unmodifiableMap(new LinkedHashMap<>(platforms));
  }

  /** A package built by hand (tests), without a known position of its {@code tables:} key. */
  public UpgradePackage(
      Path root,
      String name,
      String fromVersion,
      String toVersion,
      String digest,
      String versionQuery,
      List<TableSpec> tables,
      Map<String, PlatformScripts> platforms) {
    this(root, name, fromVersion, toVersion, digest, versionQuery, tables, platforms,
        new SourceLocation(UpgradePackageLoader.MANIFEST, 0));
  }

  public Optional<TableSpec> table(String name) {
    return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
  }

  public List<TableSpec> tablesOf(TableClass tableClass) {
    return tables.stream().filter(t -> t.tableClass() == tableClass).toList();
  }

  public List<TableSpec> importedTables() {
    return tables.stream().filter(TableSpec::imported).toList();
  }

  public PlatformScripts scriptsFor(String platform) {
    PlatformScripts scripts = platforms.get(platform);
    if (scripts == null) {
      throw new IllegalArgumentException(
          "package " + name + " " + fromVersion + "->" + toVersion + " has no scripts for platform " + platform
              + " (it has: " + String.join(", ", platforms.keySet()) + ")");
    }
    return scripts;
  }
}
