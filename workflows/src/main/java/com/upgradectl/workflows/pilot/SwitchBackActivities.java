package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.DatabaseRef;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * What switch-back adds to the switch's own steps ({@link SwitchActivities} freezes, renames and
 * brings databases online for it): recording the writes made to the new production after the switch,
 * and listing them. Every method is idempotent.
 */
@ActivityInterface
public interface SwitchBackActivities {

  /**
   * Starts recording every insert, update and delete (and truncate) of {@code tables} in {@code
   * database}, by key; cheap whatever the tables' size (no row is read). Idempotency: started again,
   * it keeps what was recorded and returns the position it had first.
   */
  ChangeTracking startChangeTracking(DatabaseRef database, List<String> tables);

  /** Stops recording and removes what recording added to the database (the record included). Idempotent. */
  void stopChangeTracking(DatabaseRef database);

  /**
   * Read-only: the new production (under production's name) records its writes, the archive exists,
   * and the name the new production gets aside ({@link PilotPlan#switchedBackDatabase()}) is free and
   * valid. Refusals empty means the switch-back may go ahead.
   */
  SwitchGuardrails checkSwitchBackGuardrails(PilotPlan plan, ChangeTracking tracking);

  /**
   * Read-only: the rows written to production (the switched database) since {@code tracking} began,
   * net per key, table by table, with the text to enter them again (bounded per table). Call it
   * frozen, so that the list is final.
   */
  SwitchBackReport changesSinceSwitch(PilotPlan plan, ChangeTracking tracking);
}
