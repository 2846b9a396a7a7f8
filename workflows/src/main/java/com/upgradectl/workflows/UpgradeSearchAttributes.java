package com.upgradectl.workflows;

import com.upgradectl.workflows.common.PackageRef;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
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

  /**
   * Workflow code only: sets every attribute at the start of a run (a plan that failed validation may
   * lack some; those are left out rather than failing the task).
   */
  public static void upsertAtStart(String scenario, String phase, String serverProfile, String database,
      PackageRef pkg) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(SCENARIO.valueSet(scenario));
    updates.add(PHASE.valueSet(phase));
    if (serverProfile != null && database != null) {
      updates.add(PRODUCTION_DATABASE.valueSet(productionDatabase(serverProfile, database)));
    }
    if (pkg != null && pkg.toVersion() != null) {
      updates.add(TARGET_VERSION.valueSet(pkg.toVersion()));
    }
    Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
  }
}
