package com.upgradectl.workflows.imports;

/**
 * What one piece's copy left in the pilot: {@code rows} in its range now, of them {@code
 * resumedAfterRows} there from an earlier attempt.
 */
public record PieceCopied(int piece, String table, long rows, long bytes, long resumedAfterRows) {}
