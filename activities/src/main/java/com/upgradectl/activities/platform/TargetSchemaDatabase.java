package com.upgradectl.activities.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A throw-away database given the package's target schema: what preflight (pilot and production)
 * checks the package's mappings against, and what the production upgrade compares its result with. Marked as scratch, always dropped before the call returns; its name
 * is derived from the upgrade, so one left by a crashed worker is found and dropped by the next call.
 */
public final class TargetSchemaDatabase {
  private static final String PREFIX = "upgradectl_target_";

  private TargetSchemaDatabase() {}

  /** The scratch database's name for one upgrade. */
  public static String nameFor(String upgrade) {
    return DatabaseMarker.preflightScratchOf(upgrade).derivedName(PREFIX);
  }

  /**
   * @param upgrade the upgrade (its workflow id) the scratch database is for: the same upgrade, the same
   *     name, so a retry drops what a crashed attempt left
   * @param work gets the scratch database's name
   * @throws io.temporal.failure.ApplicationFailure BadInput when the schema scripts fail
   */
  public static <T> T with(DatabaseServer server, List<Path> schemaScripts, String upgrade, Function<String, T> work) {
    DatabaseMarker marker = DatabaseMarker.preflightScratchOf(upgrade);
    String scratch = nameFor(upgrade);
    marker.dropLeftover(server, scratch, "its scratch database");
    server.createDatabase(scratch);
    T result;
    try {
      server.writeMarker(scratch, marker);
      server.runScripts(scratch, schemaScripts);
      result = work.apply(scratch);
    } catch (RuntimeException e) {
      try {
        server.dropDatabase(scratch);
      } catch (RuntimeException dropFailure) {
        e.addSuppressed(dropFailure);
      }
      throw e;
    }
    server.dropDatabase(scratch);
    return result;
  }
}
