package com.upgradectl.activities.platform;

import com.upgradectl.activities.platform.postgres.PostgresPlatform;
import com.upgradectl.activities.platform.sqlserver.SqlServerPlatform;
import java.util.List;

/** The platforms this build supports, by name. */
public final class DatabasePlatforms {
  private static final List<DatabasePlatform> ALL = List.of(PostgresPlatform.INSTANCE, SqlServerPlatform.INSTANCE);

  private DatabasePlatforms() {}

  /** @throws IllegalArgumentException naming the unknown platform and the supported ones */
  public static DatabasePlatform forName(String name) {
    return ALL.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "database platform '" + name + "' is not supported (supported: " + names() + ")"));
  }

  private static String names() {
    return String.join(", ", ALL.stream().map(DatabasePlatform::name).toList());
  }
}
