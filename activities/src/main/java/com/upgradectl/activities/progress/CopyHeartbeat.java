package com.upgradectl.activities.progress;

import com.upgradectl.activities.copy.CopyCheckpoint;
import java.util.List;

/**
 * The details of a copying activity's heartbeat, which the Temporal UI shows under its pending
 * activity: what the copy is doing and which tables its lanes are copying now, besides the last chunk
 * committed. Informational, like the checkpoint: a retry resumes from the pilot's own rows.
 *
 * @param step the copy's sub-step (e.g. "import: copying"), null for a check that reports none
 * @param copying one line per table being copied now: "tickets: 120,000 of ~400,000 rows"
 * @param lastChunk the chunk committed last, by whichever lane
 */
public record CopyHeartbeat(String step, List<String> copying, long tablesDone, long tablesTotal,
    CopyCheckpoint lastChunk) {}
