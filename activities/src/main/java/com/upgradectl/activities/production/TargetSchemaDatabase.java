package com.upgradectl.activities.production;

import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.DatabaseServer;
import java.nio.file.Path;
import com.upgradectl.activities.platform.Failures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * A throw-away database given the package's target schema: what the production upgrade maps and
 * compares production against. Marked as scratch, always dropped before the call returns; its name
 * is derived from the upgrade, so one left by a crashed worker is found and dropped by the next call.
 */
final class TargetSchemaDatabase {
  private static final String PREFIX = "upgradectl_target_";

  private TargetSchemaDatabase() {}

  /**
   * @param key names the scratch database (hashed): the same key, the same name
   * @param work gets the scratch database's name
   * @throws io.temporal.failure.ApplicationFailure BadInput when the schema scripts fail
   */
  static <T> T with(DatabaseServer server, List<Path> schemaScripts, String key, Function<String, T> work) {
    String scratch = PREFIX + hash(key);
    dropLeftOver(server, scratch);
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

  /** Unlabelled counts as ours: a crash may have come between creating and labelling it. */
  private static void dropLeftOver(DatabaseServer server, String scratch) {
    if (!server.databaseExists(scratch)) {
      return;
    }
    Optional<String> label = server.readLabel(scratch);
    if (label.isPresent() && !DatabaseMarker.preflightScratch().isOn(label)) {
      throw Failures.precondition("database " + scratch + " on profile " + server.profile() + " has the name this"
          + " upgrade uses for its scratch database, but another label ('" + label.get() + "'); it is left alone");
    }
    server.dropDatabase(scratch);
  }

  private static String hash(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
