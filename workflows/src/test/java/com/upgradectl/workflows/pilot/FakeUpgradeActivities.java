package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.DatabaseRef;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PendingChanges;
import com.upgradectl.workflows.common.TableRefresh;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableFingerprint;
import com.upgradectl.workflows.common.TableScope;
import com.upgradectl.workflows.common.VerificationReport;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stands in for the three activity interfaces: records every call as a readable line ("renameDatabase
 * servicedesk -> servicedesk_v1_archive"), fails the calls it is told to, holds calls at a gate until
 * the test releases them, and answers with a small service desk of 3 configuration and 3 data tables.
 */
final class FakeUpgradeActivities
    implements PilotDatabaseActivities, DataCopyActivities, SwitchActivities, SwitchBackActivities {
  static final List<String> CONFIGURATION_TABLES = List.of("categories", "priorities", "settings");
  static final List<String> DATA_TABLES = List.of("comments", "computers", "tickets");
  static final Map<String, String> PRIOR_SETTINGS = Map.of("connectionLimit", "-1");
  /** What the new production (the pilot under production's name) has, as the switch-back captures it. */
  static final Map<String, String> NEW_PRODUCTION_SETTINGS = Map.of("connectionLimit", "25");

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> lastCalledAt = new ConcurrentHashMap<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  /** Calls that fail only at their n-th occurrence (1 = the first). */
  private final Map<String, Integer> failingOccurrence = new ConcurrentHashMap<>();
  private final Map<String, String> mismatching = new ConcurrentHashMap<>();
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  private final Map<String, Integer> configurationVersions = new ConcurrentHashMap<>();
  private volatile List<String> guardrailRefusals = List.of();
  private volatile List<String> switchBackRefusals = List.of();
  /** Whether the pilot holds production's name (renamed to it and not back). */
  private volatile boolean pilotIsProduction;
  private volatile Supplier<Instant> clock = () -> null;
  private volatile String readPoint;
  private volatile long pendingKeys = 20;
  private volatile List<String> configurationTables = CONFIGURATION_TABLES;
  private volatile List<String> dataTables = DATA_TABLES;
  private volatile Function<PilotPlan, CopyResult> importer;

  /** A call held until released, so a test can act while a step runs. */
  static final class Gate {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void awaitEntered() throws InterruptedException {
      if (!entered.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the held call was never made");
      }
    }

    void release() {
      released.countDown();
    }
  }

  // ---- what the test arranges ----

  void useClock(Supplier<Instant> clock) {
    this.clock = clock;
  }

  /** Makes the call (as recorded, e.g. "takeOffline servicedesk_v1_archive") fail non-retryably. */
  void failAt(String call) {
    failing.add(call);
  }

  /** The copies report having read production at this read point (as the SQL Server copier does). */
  void readAt(String readPoint) {
    this.readPoint = readPoint;
  }

  /** The tables preflight reports, instead of the small service desk. */
  void useTables(List<String> configuration, List<String> data) {
    this.configurationTables = List.copyOf(configuration);
    this.dataTables = List.copyOf(data);
  }

  /** importAllTables runs this (inside the activity) instead of answering at once. */
  void importWith(Function<PilotPlan, CopyResult> importer) {
    this.importer = importer;
  }

  /** How many changed keys pendingChanges reports per data table. */
  void pendingKeys(long keys) {
    this.pendingKeys = keys;
  }

  /** Makes only the n-th call of {@code call} fail (for a call a run makes more than once). */
  void failAt(String call, int occurrence) {
    failingOccurrence.put(call, occurrence);
  }

  /** How many times {@code call} was made. */
  long count(String call) {
    return calls.stream().filter(call::equals).count();
  }

  void stopFailing() {
    failing.clear();
    failingOccurrence.clear();
  }

  void stopMismatching() {
    mismatching.clear();
  }

  /** The verification returned by {@code call} reports {@code table} as not matching production. */
  void mismatchAt(String call, String table) {
    mismatching.put(call, table);
  }

  Gate hold(String call) {
    Gate gate = new Gate();
    gates.put(call, gate);
    return gate;
  }

  /** Production's configuration table changed: its fingerprint differs from now on. */
  void changeProductionConfiguration(String table) {
    configurationVersions.merge(table, 1, Integer::sum);
  }

  void refuseSwitchBack(String... reasons) {
    switchBackRefusals = List.of(reasons);
  }

  void refuseSwitch(String... reasons) {
    guardrailRefusals = List.of(reasons);
  }

  // ---- what the test checks ----

  List<String> calls() {
    return List.copyOf(calls);
  }

  /** The calls made after the last call of {@code call}. */
  List<String> callsAfter(String call) {
    List<String> all = calls();
    return all.subList(indexOf(call, all.lastIndexOf(call), all) + 1, all.size());
  }

  /** The calls made after the first call of {@code call}. */
  List<String> callsAfterFirst(String call) {
    List<String> all = calls();
    return all.subList(indexOf(call, all.indexOf(call), all) + 1, all.size());
  }

  private static int indexOf(String call, int index, List<String> all) {
    if (index < 0) {
      throw new AssertionError(call + " was never called; calls: " + all);
    }
    return index;
  }

  Instant lastCalledAt(String call) {
    return lastCalledAt.get(call);
  }

  // ---- PilotDatabaseActivities ----

  @Override
  public PreflightReport preflight(PilotPlan plan) {
    record("preflight");
    return new PreflightReport("postgresql", "1", configurationTables, dataTables, 600, List.of());
  }

  @Override
  public void createPilotDatabase(PilotPlan plan) {
    record("createPilotDatabase " + plan.pilotDatabase());
  }

  @Override
  public void runPilotModeStatements(PilotPlan plan) {
    record("runPilotModeStatements " + plan.pilotDatabase());
  }

  @Override
  public void runPostSwitchStatements(PilotPlan plan) {
    record("runPostSwitchStatements " + plan.productionDatabase());
  }

  @Override
  public void dropPilotDatabase(PilotPlan plan) {
    record("dropPilotDatabase " + plan.pilotDatabase());
  }

  // ---- DataCopyActivities ----

  @Override
  public CopyResult importAllTables(PilotPlan plan) {
    String call = record("importAllTables");
    if (importer != null) {
      return importer.apply(plan);
    }
    List<String> all = new ArrayList<>(CONFIGURATION_TABLES);
    all.addAll(DATA_TABLES);
    return copied(call, all);
  }

  @Override
  public CopyResult resyncDataTables(PilotPlan plan) {
    String call = record("resyncDataTables");
    return copied(call, DATA_TABLES);
  }

  @Override
  public CopyResult resyncWhileFrozen(PilotPlan plan) {
    String call = record("resyncWhileFrozen");
    CopyResult copied = copied(call, DATA_TABLES);
    return new CopyResult(copied.tables(), copied.elapsedMillis(), copied.verification(), readPoint,
        DATA_TABLES.stream().map(t -> new TableRefresh(t, 3, null)).toList(), 12);
  }

  @Override
  public void startChangeCapture(PilotPlan plan) {
    record("startChangeCapture " + plan.productionDatabase());
  }

  @Override
  public void stopChangeCapture(PilotPlan plan, DatabaseRef database) {
    record("stopChangeCapture " + database.database());
  }

  @Override
  public List<PendingChanges> pendingChanges(PilotPlan plan) {
    record("pendingChanges");
    return DATA_TABLES.stream().map(t -> new PendingChanges(t, pendingKeys, 1000, null)).toList();
  }

  @Override
  public VerificationReport verifyTables(PilotPlan plan, TableScope scope) {
    String call = record("verifyTables " + scope);
    return verification(call, DATA_TABLES);
  }

  @Override
  public List<TableFingerprint> configurationFingerprints(PilotPlan plan) {
    record("configurationFingerprints");
    return CONFIGURATION_TABLES.stream()
        .map(t -> new TableFingerprint(t, 10, "sum-" + t + "-" + configurationVersions.getOrDefault(t, 0)))
        .toList();
  }

  @Override
  public VerificationReport postSwitchCheck(PilotPlan plan, VerificationReport verifiedAtSwitch) {
    String call = record("postSwitchCheck");
    List<String> all = new ArrayList<>(CONFIGURATION_TABLES);
    all.addAll(DATA_TABLES);
    return verification(call, all);
  }

  // ---- SwitchActivities ----

  @Override
  public SwitchGuardrails checkSwitchGuardrails(PilotPlan plan) {
    record("checkSwitchGuardrails");
    return new SwitchGuardrails(guardrailRefusals, List.of());
  }

  @Override
  public ProductionSettings captureProductionSettings(PilotPlan plan) {
    record("captureProductionSettings " + plan.productionDatabase());
    return new ProductionSettings(plan.productionDatabase(), pilotIsProduction ? NEW_PRODUCTION_SETTINGS : PRIOR_SETTINGS);
  }

  @Override
  public WriteCounters freezeProduction(PilotPlan plan) {
    record("freezeProduction " + plan.productionDatabase());
    return new WriteCounters(Map.of("tickets", 42L));
  }

  @Override
  public void unfreezeProduction(PilotPlan plan, ProductionSettings prior) {
    record("unfreezeProduction " + prior.database() + " " + prior.settings());
  }

  @Override
  public void assertNoWritesSince(PilotPlan plan, WriteCounters atFreeze) {
    record("assertNoWritesSince " + atFreeze.writesByTable());
  }

  @Override
  public void renameDatabase(DatabaseRef from, String to) {
    record("renameDatabase " + from.database() + " -> " + to);
    if (from.database().equals(plan().pilotDatabase()) && to.equals(plan().productionDatabase())) {
      pilotIsProduction = true;
    } else if (from.database().equals(plan().productionDatabase()) && to.equals(plan().pilotDatabase())) {
      pilotIsProduction = false;
    }
  }

  @Override
  public void takeOffline(DatabaseRef database) {
    record("takeOffline " + database.database());
  }

  @Override
  public void bringOnline(DatabaseRef database) {
    record("bringOnline " + database.database());
  }

  // ---- SwitchBackActivities ----

  @Override
  public ChangeTracking startChangeTracking(DatabaseRef database, List<String> tables) {
    record("startChangeTracking " + database.database() + " " + tables);
    return new ChangeTracking(database.database(), tables, "0");
  }

  @Override
  public void stopChangeTracking(DatabaseRef database) {
    record("stopChangeTracking " + database.database());
  }

  @Override
  public SwitchGuardrails checkSwitchBackGuardrails(PilotPlan plan, ChangeTracking tracking) {
    record("checkSwitchBackGuardrails " + tracking.database());
    return new SwitchGuardrails(switchBackRefusals, List.of());
  }

  /** One ticket inserted, one comment deleted. */
  @Override
  public SwitchBackReport changesSinceSwitch(PilotPlan plan, ChangeTracking tracking) {
    record("changesSinceSwitch " + plan.productionDatabase());
    List<SwitchBackReport.TableChanges> tables = DATA_TABLES.stream().map(t -> switch (t) {
      case "tickets" -> new SwitchBackReport.TableChanges(t, List.of("id"), 1, 0, 0, List.of(new SwitchBackReport.RowChange(
          SwitchBackReport.Kind.INSERTED, "{\"id\": 7}", "INSERT INTO \"tickets\" (\"id\") VALUES ('7')")));
      case "comments" -> new SwitchBackReport.TableChanges(t, List.of("id"), 0, 0, 1, List.of(new SwitchBackReport.RowChange(
          SwitchBackReport.Kind.DELETED, "{\"id\": 3}", "DELETE FROM \"comments\" WHERE \"id\" = '3'")));
      default -> new SwitchBackReport.TableChanges(t, List.of("id"), 0, 0, 0, List.of());
    }).toList();
    return new SwitchBackReport(plan.switchedBackDatabase(), tables, 100, "SELECT * FROM upgradectl_switch_back.changes");
  }

  // ---- helpers ----

  private static PilotPlan plan() {
    return PilotWorkflowTesting.PLAN;
  }

  private String record(String call) {
    calls.add(call);
    Instant now = clock.get();
    if (now != null) {
      lastCalledAt.put(call, now);
    }
    Gate gate = gates.remove(call);
    if (gate != null) {
      gate.entered.countDown();
      try {
        gate.released.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Integer occurrence = failingOccurrence.get(call);
    if (failing.contains(call) || (occurrence != null && count(call) == occurrence)) {
      throw ApplicationFailure.newNonRetryableFailure("injected failure at " + call, FailureTypes.INJECTED);
    }
    return call;
  }

  private CopyResult copied(String call, List<String> tables) {
    List<CopyResult.TableCopied> copied = tables.stream().map(t -> new CopyResult.TableCopied(t, 100, 4096, 0)).toList();
    return new CopyResult(copied, 25, verification(call, tables), readPoint);
  }

  private VerificationReport verification(String call, List<String> tables) {
    String mismatch = mismatching.get(call);
    return new VerificationReport(tables.stream()
        .map(t -> new TableCheck(t, 100, t.equals(mismatch) ? 99 : 100, "sum-" + t, "sum-" + t))
        .toList());
  }
}
