package com.upgradectl.workflows.common;

/** Row count and checksum of one table at one moment: the baseline for configuration drift. */
public record TableFingerprint(String table, long rows, String checksum) {}
