package com.upgradectl.activities.copy;

/**
 * How the copier cuts tables into chunks, and what it may change in production to read it. A chunk
 * is the unit of commit, resume and heartbeat: smaller chunks lose less work to a crash, larger ones
 * spend less time finding their bounds (on SQL Server it is also the bulk copy's batch size).
 *
 * @param chunkRows rows per chunk of a table with a primary key
 * @param snapshotIsolationConsent SQL Server only: the operator allows the copier to turn
 *     ALLOW_SNAPSHOT_ISOLATION on in production when the server cannot make a database snapshot
 *     (without it, such a copy is refused and nothing is changed)
 * @param binaryCopy PostgreSQL: move rows in COPY's binary format where every column's type is one
 *     of the server's own (about a third faster than text); false forces text everywhere
 */
public record CopySettings(int chunkRows, boolean snapshotIsolationConsent, boolean binaryCopy) {
  public static final int DEFAULT_CHUNK_ROWS = 50_000;

  public CopySettings {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be at least 1, was " + chunkRows);
    }
  }

  public CopySettings(int chunkRows, boolean snapshotIsolationConsent) {
    this(chunkRows, snapshotIsolationConsent, true);
  }

  /** Without consent to change production's settings. */
  public CopySettings(int chunkRows) {
    this(chunkRows, false);
  }

  public CopySettings withBinaryCopy(boolean binary) {
    return new CopySettings(chunkRows, snapshotIsolationConsent, binary);
  }

  public static CopySettings defaults() {
    return new CopySettings(DEFAULT_CHUNK_ROWS);
  }

  public CopySettings withSnapshotIsolationConsent(boolean consent) {
    return new CopySettings(chunkRows, consent, binaryCopy);
  }
}
