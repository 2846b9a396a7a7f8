package com.upgradectl.workflows.imports;

import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.temporal.activity.ActivityInterface;

/**
 * An import cut into activities any worker polling the task queue can take: one per table, one per
 * key range of a large table. All of them read production at one read point, which {@link
 * #holdReadPoint} keeps open; its number ({@code generation}) goes with every call, and a call made
 * for a read point that is gone fails (type {@value #READ_POINT_LOST}) rather than mix two.
 */
@ActivityInterface
public interface ImportPieceActivities {
  /** Failure type of a call whose read point no longer exists (its holder ended). */
  String READ_POINT_LOST = "ReadPointLost";

  /**
   * Prepares the pilot for the load (keys, indexes and foreign keys off, recorded) and cuts the
   * tables into pieces, recorded in the pilot. Idempotent: a retry, or the next attempt after a
   * crash, finds the same layout. Returns {@code byPieces = false}, changing nothing, where the
   * platform imports in one activity only.
   */
  ImportLayout planImport(PilotPlan plan);

  /**
   * Opens read point {@code generation} of production and keeps it open, heartbeating, until
   * cancelled. Never retried: a new read point is a new generation, which the workflow starts.
   */
  void holdReadPoint(PilotPlan plan, int generation);

  /**
   * Copies one piece at the read point. Idempotency key: the pilot's rows in the piece's key range (a
   * retry continues after the highest one).
   */
  PieceCopied copyPiece(PieceRequest request);

  /** Count and checksum of one table, production at the read point against the pilot. Read-only. */
  TableCheck verifyTable(PilotPlan plan, int generation, String table);

  /**
   * Starts the import again for read point {@code generation}: the pilot's imported tables emptied in
   * the same transaction that retires the earlier read point, so no copy of it can still write.
   */
  void restartImport(PilotPlan plan, int generation);

  /**
   * After every piece is copied and verified: the keys, indexes and foreign keys built again, sequences
   * advanced, statistics gathered, and the pilot's own change capture started where production's stood
   * at the read point (its holder recorded that), so it needs the holder no more. Idempotent: a retry
   * builds only what is missing.
   */
  void finishImport(PilotPlan plan, int generation);
}
