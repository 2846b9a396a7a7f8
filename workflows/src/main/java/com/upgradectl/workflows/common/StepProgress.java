package com.upgradectl.workflows.common;

import java.time.Instant;

/**
 * What the step under way is doing and since when, beside its per-table progress: what `watch`
 * needs to show "verifying" rather than a full bar, and a rate and ETA from the work's own start.
 *
 * @param stepStartedAt when the workflow began the step (workflow time)
 * @param doing the activity's own stage ("import: copying", "resync: replacing"...), null until it reports
 * @param workStartedAt when the activity attempt began its work (its clock), null until it reports
 * @param doingSince when the activity began {@code doing}
 * @param reportedAt when the activity made its latest report
 * @param rowsAtStart rows already in place when the attempt began (not part of its rate)
 */
public record StepProgress(Instant stepStartedAt, String doing, Instant workStartedAt, Instant doingSince,
    Instant reportedAt, long rowsAtStart) {}
