package com.upgradectl.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed search attributes both upgrade scenarios set, so operators can filter workflows in the
 * Temporal UI by scenario, phase, production database and target version. The worker registers
 * them with the server ({@link #definitions()}); workflows upsert them at start and at every phase
 * change.
 */
public final class UpgradeSearchAttributes {
  /** {@link #PILOT} or {@link #PRODUCTION}. */
  public static final SearchAttributeKey<String> SCENARIO = SearchAttributeKey.forKeyword("UpgradeScenario");
  /** The workflow's phase enum name, e.g. "READY". */
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("UpgradePhase");
  /** "server-profile/database", the same pair the workflow id is made of. */
  public static final SearchAttributeKey<String> PRODUCTION_DATABASE = SearchAttributeKey.forKeyword("ProductionDatabase");
  /** The version the upgrade package brings production to. */
  public static final SearchAttributeKey<String> TARGET_VERSION = SearchAttributeKey.forKeyword("TargetVersion");

  public static final String PILOT = "pilot";
  public static final String PRODUCTION = "production";

  public static final List<SearchAttributeKey<String>> ALL = List.of(SCENARIO, PHASE, PRODUCTION_DATABASE, TARGET_VERSION);

  private UpgradeSearchAttributes() {}

  /** Name and type of every attribute, what the server must know before a workflow sets them. */
  public static Map<String, IndexedValueType> definitions() {
    Map<String, IndexedValueType> definitions = new LinkedHashMap<>();
    for (SearchAttributeKey<String> key : ALL) {
      definitions.put(key.getName(), key.getValueType());
    }
    return definitions;
  }

  /** The value of {@link #PRODUCTION_DATABASE} for a database on a server profile. */
  public static String productionDatabase(String serverProfile, String database) {
    return serverProfile + "/" + database;
  }
}
