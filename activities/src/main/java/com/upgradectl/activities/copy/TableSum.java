package com.upgradectl.activities.copy;

/** Row count and order-independent checksum of one side of a table's verification. */
public record TableSum(long rows, String checksum) {}
