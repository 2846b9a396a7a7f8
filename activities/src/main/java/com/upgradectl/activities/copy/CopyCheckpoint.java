package com.upgradectl.activities.copy;

import java.util.List;

/**
 * Heartbeat details after each committed chunk. Informational: a retry resumes from the pilot's own
 * rows (they are the truth even when the last heartbeat was lost), not from these.
 *
 * @param lastKey the highest key committed, as text, one value per key column; empty for a table
 *     copied whole
 * @param rows rows of the table in the pilot so far
 */
public record CopyCheckpoint(String table, List<String> lastKey, long rows) {}
