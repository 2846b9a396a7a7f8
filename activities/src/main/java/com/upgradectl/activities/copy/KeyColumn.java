package com.upgradectl.activities.copy;

/**
 * One column of the key a table is copied in chunks by: the target's primary-key column and the
 * source column it is copied from unchanged.
 */
public record KeyColumn(String target, String source, String sourceType) {}
