package com.upgradectl.activities.copy;

/**
 * How the copier cuts tables into chunks. A chunk is the unit of commit, resume and heartbeat:
 * smaller chunks lose less work to a crash, larger ones spend less time finding their bounds.
 *
 * @param chunkRows rows per chunk of a table with a primary key
 */
public record CopySettings(int chunkRows) {
  public static final int DEFAULT_CHUNK_ROWS = 50_000;

  public CopySettings {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be at least 1, was " + chunkRows);
    }
  }

  public static CopySettings defaults() {
    return new CopySettings(DEFAULT_CHUNK_ROWS);
  }
}
