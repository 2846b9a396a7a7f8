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
 * @param minimumRangeRows PostgreSQL: the fewest rows a key range of a large table holds when the
 *     table is cut into ranges that lanes copy side by side (never fewer than four chunks either); a
 *     table is cut only when it holds at least two such ranges
 */
public record CopySettings(int chunkRows, boolean snapshotIsolationConsent, boolean binaryCopy,
    int minimumRangeRows) {
  public static final int DEFAULT_CHUNK_ROWS = 50_000;
  /**
   * About a second of COPY: a smaller range would gain less from a lane of its own than its planning
   * and, on a resume, its own look at the pilot cost.
   */
  public static final int DEFAULT_MINIMUM_RANGE_ROWS = 200_000;

  public CopySettings {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be at least 1, was " + chunkRows);
    }
    if (minimumRangeRows < 1) {
      throw new IllegalArgumentException("minimumRangeRows must be at least 1, was " + minimumRangeRows);
    }
  }

  public CopySettings(int chunkRows, boolean snapshotIsolationConsent, boolean binaryCopy) {
    this(chunkRows, snapshotIsolationConsent, binaryCopy, DEFAULT_MINIMUM_RANGE_ROWS);
  }

  public CopySettings(int chunkRows, boolean snapshotIsolationConsent) {
    this(chunkRows, snapshotIsolationConsent, true);
  }

  /** Without consent to change production's settings. */
  public CopySettings(int chunkRows) {
    this(chunkRows, false);
  }

  public CopySettings withBinaryCopy(boolean binary) {
    return new CopySettings(chunkRows, snapshotIsolationConsent, binary, minimumRangeRows);
  }

  public CopySettings withMinimumRangeRows(int rows) {
    return new CopySettings(chunkRows, snapshotIsolationConsent, binaryCopy, rows);
  }

  public static CopySettings defaults() {
    return new CopySettings(DEFAULT_CHUNK_ROWS);
  }

  public CopySettings withSnapshotIsolationConsent(boolean consent) {
    return new CopySettings(chunkRows, consent, binaryCopy, minimumRangeRows);
  }
}
