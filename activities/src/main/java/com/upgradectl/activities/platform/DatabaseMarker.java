package com.upgradectl.activities.platform;

import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotWorkflowIds;
import com.upgradectl.workflows.production.ProductionPlan;
import com.upgradectl.workflows.production.ProductionWorkflowIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The label a database we created carries (PostgreSQL: its comment), so that a retry recognises
 * its own half-done work and nothing else is ever dropped.
 */
public record DatabaseMarker(String text) {
  private static final String PREFIX = "upgradectl:";

  /**
   * The pilot of one upgrade. The workflow id is derived from the plan, not read from the activity
   * context, so it stays the same across continue-as-new and outside an activity.
   */
  public static DatabaseMarker pilotOf(PilotPlan plan) {
    return new DatabaseMarker(PREFIX + "pilot-of=" + plan.productionDatabase() + ";workflow="
        + PilotWorkflowIds.of(plan.serverProfile(), plan.productionDatabase()));
  }

  /** The safety copy of one production upgrade: production as it was before the migrations. */
  public static DatabaseMarker safetyCopyOf(ProductionPlan plan) {
    return new DatabaseMarker(PREFIX + "safety-copy-of=" + plan.productionDatabase() + ";workflow="
        + ProductionWorkflowIds.of(plan.serverProfile(), plan.productionDatabase()));
  }

  /**
   * A throw-away database of one upgrade's preflight, dropped before preflight returns.
   *
   * @param upgrade which upgrade, e.g. its workflow id
   */
  public static DatabaseMarker preflightScratchOf(String upgrade) {
    return new DatabaseMarker(PREFIX + "preflight-scratch;upgrade=" + upgrade);
  }

  /** Whether a database's current label is this marker. */
  public boolean isOn(Optional<String> label) {
    return label.filter(text::equals).isPresent();
  }

  /**
   * A name only the holder of this marker uses (prefix + a hash of the marker): where work is done
   * before it gets its real name, so that a retry finds what an earlier attempt left.
   */
  public String derivedName(String prefix) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return prefix + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /**
   * Refuses (PreconditionFailed) to touch a database that is missing or does not carry this marker.
   *
   * @param action what would be done, e.g. "drop"
   * @param expected what the database should be, e.g. "this upgrade's pilot"
   */
  public void requireOn(DatabaseServer server, String database, String action, String expected) {
    if (!server.databaseExists(database)) {
      throw Failures.precondition("cannot " + action + " database " + database + " on profile " + server.profile()
          + ": it does not exist");
    }
    Optional<String> label = server.readLabel(database);
    if (!isOn(label)) {
      throw Failures.precondition("refusing to " + action + " database " + database + " on profile " + server.profile()
          + ": it was not created as " + expected + " (its label is " + label.map(l -> "'" + l + "'").orElse("empty")
          + ", expected '" + text + "')");
    }
  }

  /**
   * Drops what an earlier attempt left under a {@link #derivedName}. Unlabelled counts as ours: a
   * crash may have come between creating and labelling it, and the name is ours alone. A database
   * with another label is left alone (PreconditionFailed).
   *
   * @param purpose what the name is used for, e.g. "creating its pilot"
   */
  public void dropLeftover(DatabaseServer server, String name, String purpose) {
    if (!server.databaseExists(name)) {
      return;
    }
    Optional<String> label = server.readLabel(name);
    if (label.isPresent() && !isOn(label)) {
      throw Failures.precondition("database " + name + " on profile " + server.profile() + " has the name this"
          + " upgrade uses for " + purpose + ", but another label ('" + label.get() + "'); it is left alone");
    }
    server.dropDatabase(name);
  }
}
