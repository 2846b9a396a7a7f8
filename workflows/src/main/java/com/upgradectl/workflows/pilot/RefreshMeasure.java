package com.upgradectl.workflows.pilot;

/**
 * How long one refresh of this upgrade took, kept to forecast the switch's freeze from this
 * upgrade's own figures rather than from a rule of thumb.
 *
 * @param changedKeys keys applied one by one
 * @param wholeRows rows of tables copied whole
 * @param applyMillis the pilot's one transaction (what the switch does while production is frozen)
 * @param elapsedMillis the whole refresh, verification included
 * @param endedAtMillis when it ended (workflow time)
 */
public record RefreshMeasure(long changedKeys, long wholeRows, long applyMillis, long elapsedMillis,
    long endedAtMillis) {}
