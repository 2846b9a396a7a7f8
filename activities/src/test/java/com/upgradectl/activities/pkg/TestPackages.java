package com.upgradectl.activities.pkg;

import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.InvalidPackageException;
import com.upgradectl.pkg.PackageDigest;
import com.upgradectl.pkg.PackageProblem;
import com.upgradectl.pkg.PlatformScripts;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.PackageRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small upgrade packages built in code, their SQL written as real files in a directory: the
 * {@link #store} loads them as the package loader would, counting how often it parses.
 */
public final class TestPackages {
  private final Map<Path, UpgradePackage> built = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();
  private final PackageStore store = new PackageStore(this::load);

  public PackageStore store() {
    return store;
  }

  public int loads() {
    return loads.get();
  }

  public Builder in(Path dir) {
    return new Builder(dir.toAbsolutePath().normalize());
  }

  public static PackageRef ref(UpgradePackage pkg) {
    return new PackageRef(pkg.root().toString(), pkg.digest(), pkg.name(), pkg.fromVersion(), pkg.toVersion());
  }

  private UpgradePackage load(Path root) {
    loads.incrementAndGet();
    UpgradePackage pkg = built.get(root);
    if (pkg == null) {
      throw new InvalidPackageException(root.toString(),
          List.of(new PackageProblem(new SourceLocation("package.yaml", 0), "is missing from the package directory")));
    }
    return pkg;
  }

  public final class Builder {
    private final Path root;
    private final List<Path> schema = new ArrayList<>();
    private final List<Path> pilotMode = new ArrayList<>();
    private final List<Path> postSwitch = new ArrayList<>();
    private final List<TableSpec> tables = new ArrayList<>();
    private String fromVersion = "1";
    private String versionQuery;

    private Builder(Path root) {
      this.root = root;
    }

    public Builder schema(String file, String sql) {
      schema.add(write("postgresql/schema/" + file, sql));
      return this;
    }

    public Builder pilotMode(String file, String sql) {
      pilotMode.add(write("postgresql/pilot-mode/" + file, sql));
      return this;
    }

    public Builder postSwitch(String file, String sql) {
      postSwitch.add(write("postgresql/post-switch/" + file, sql));
      return this;
    }

    public Builder table(String name, TableClass tableClass) {
      return table(name, tableClass, Map.of());
    }

    public Builder table(String name, TableClass tableClass, Map<String, ColumnSource> columns) {
      tables.add(new TableSpec(name, tableClass, name, null, columns, new SourceLocation("package.yaml", tables.size() + 1)));
      return this;
    }

    public Builder fromVersion(String version, String query) {
      this.fromVersion = version;
      this.versionQuery = query;
      return this;
    }

    public UpgradePackage build() {
      write("package.yaml", "# built in code by TestPackages\n");
      UpgradePackage pkg = new UpgradePackage(root, "servicedesk", fromVersion, "2", PackageDigest.of(root), versionQuery,
          tables, Map.of("postgresql", new PlatformScripts(schema, List.of(), pilotMode, postSwitch)));
      built.put(root, pkg);
      return pkg;
    }

    private Path write(String relative, String text) {
      try {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
