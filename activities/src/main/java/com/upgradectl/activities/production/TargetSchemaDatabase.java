package com.upgradectl.activities.production;

import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.DatabaseServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * A throw-away database given the package's target schema: what the production upgrade maps and
 * compares production against. Marked as scratch, always dropped before the call returns.
 */
final class TargetSchemaDatabase {
  private static final String PREFIX = "upgradectl_target_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TargetSchemaDatabase() {}

  /**
   * @param work gets the scratch database's name
   * @throws io.temporal.failure.ApplicationFailure BadInput when the schema scripts fail
   */
  static <T> T with(DatabaseServer server, List<Path> schemaScripts, Function<String, T> work) {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    String scratch = PREFIX + HexFormat.of().formatHex(random);
    server.createDatabase(scratch);
    T result;
    try {
      server.writeMarker(scratch, DatabaseMarker.preflightScratch());
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
