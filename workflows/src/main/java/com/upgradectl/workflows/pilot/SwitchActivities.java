package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.DatabaseRef;
import io.temporal.activity.ActivityInterface;

/**
 * The server-level steps of the switch. Each one is idempotent and has an inverse the workflow's
 * saga registers before calling it.
 */
@ActivityInterface
public interface SwitchActivities {

  /** Read-only: long transactions on production, pilot present, archive name free. */
  SwitchGuardrails checkSwitchGuardrails(PilotPlan plan);

  /** Read-only: the settings freeze will change, so unfreeze can restore them exactly. */
  ProductionSettings captureProductionSettings(PilotPlan plan);

  /** Stops production's writes (ends writing sessions, refuses new ones) while our reads go on. Returns the write counters at that moment. */
  WriteCounters freezeProduction(PilotPlan plan);

  /** Restores the captured settings. Idempotent. */
  void unfreezeProduction(PilotPlan plan, ProductionSettings prior);

  /** Fails (non-retryable VerificationFailed) if production's write counters moved since {@code atFreeze}. */
  void assertNoWritesSince(PilotPlan plan, WriteCounters atFreeze);

  /** Renames; done already (only {@code to} exists) counts as success. Ends remaining sessions on it first. */
  void renameDatabase(DatabaseRef from, String to);

  /** No connection at all is accepted afterwards. Idempotent. */
  void takeOffline(DatabaseRef database);

  /** Accepts connections again. Idempotent. */
  void bringOnline(DatabaseRef database);
}
