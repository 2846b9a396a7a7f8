package com.upgradectl.workflows.imports;

/** What one piece's copy moved; {@code resumedAfterRows} were there from an earlier attempt. */
public record PieceCopied(int piece, String table, long rows, long bytes, long resumedAfterRows) {}
