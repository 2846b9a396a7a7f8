package com.upgradectl.activities.pkg;

import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.pkg.UpgradePackageLoader;
import com.upgradectl.workflows.common.PackageRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small upgrade packages written as real package directories (package.yaml + SQL files), loaded by the real loader. */
public final class TestPackages {
  private TestPackages() {}

  public static Builder in(Path dir) {
    return new Builder(dir.toAbsolutePath().normalize());
  }

  public static PackageRef ref(UpgradePackage pkg) {
    return new PackageRef(pkg.root().toString(), pkg.digest(), pkg.name(), pkg.fromVersion(), pkg.toVersion());
  }

  public static final class Builder {
    private final Path root;
    private final Map<String, List<String>> scripts = new LinkedHashMap<>();
    private final List<String> tables = new ArrayList<>();
    private String fromVersion = "1";
    private String versionQuery;

    private Builder(Path root) {
      this.root = root;
    }

    public Builder schema(String file, String sql) {
      return script("schema", file, sql);
    }

    public Builder pilotMode(String file, String sql) {
      return script("pilotMode", file, sql);
    }

    public Builder postSwitch(String file, String sql) {
      return script("postSwitch", file, sql);
    }

    /** A table in the short form: {@code name: configuration|data|excluded}. */
    public Builder table(String name, String tableClass) {
      tables.add("  " + name + ": " + tableClass);
      return this;
    }

    /** A table whose target columns take renamed source columns: {@code target -> source}. */
    public Builder table(String name, String tableClass, Map<String, String> renamedColumns) {
      StringBuilder yaml = new StringBuilder("  " + name + ":\n    class: " + tableClass + "\n    columns:");
      renamedColumns.forEach((target, source) -> yaml.append("\n      ").append(target).append(": { from: ")
          .append(source).append(" }"));
      tables.add(yaml.toString());
      return this;
    }

    public Builder fromVersion(String version, String query) {
      this.fromVersion = version;
      this.versionQuery = query;
      return this;
    }

    public UpgradePackage build() {
      StringBuilder yaml = new StringBuilder("name: servicedesk\nfrom: ").append(quoted(fromVersion)).append("\nto: \"2\"\n");
      if (versionQuery != null) {
        yaml.append("versionQuery: ").append(quoted(versionQuery)).append('\n');
      }
      yaml.append("platforms:\n  postgresql:\n");
      scripts.forEach((kind, files) -> yaml.append("    ").append(kind).append(": [").append(String.join(", ", files))
          .append("]\n"));
      yaml.append("tables:\n").append(String.join("\n", tables)).append('\n');
      write("package.yaml", yaml.toString());
      return UpgradePackageLoader.load(root);
    }

    private Builder script(String kind, String file, String sql) {
      String relative = "postgresql/" + kind + "/" + file;
      write(relative, sql);
      scripts.computeIfAbsent(kind, k -> new ArrayList<>()).add(relative);
      return this;
    }

    private void write(String relative, String text) {
      try {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String quoted(String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
