package com.upgradectl.pkg;

import java.nio.file.Path;
import java.util.List;

/**
 * The package's SQL for one database platform, as files in the order they run. Paths are absolute
 * and lie inside the package directory.
 *
 * @param schema scripts that create the target version's full schema in an empty database
 * @param migrations in-place migrations from the old version (production upgrade)
 * @param pilotMode statements run in the pilot after import (pause mail, scheduled jobs...)
 * @param postSwitch statements run in the new production after the switch
 */
public record PlatformScripts(List<Path> schema, List<Path> migrations, List<Path> pilotMode, List<Path> postSwitch) {
  public PlatformScripts {
    schema = List.copyOf(schema);
    migrations = List.copyOf(migrations);
    pilotMode = List.copyOf(pilotMode);
    postSwitch = List.copyOf(postSwitch);
  }
}
