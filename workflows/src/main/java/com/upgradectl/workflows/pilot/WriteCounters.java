package com.upgradectl.workflows.pilot;

import java.util.Map;

/** Cumulative write counters of production (per table), used to prove no write slipped past the freeze. */
public record WriteCounters(Map<String, Long> writesByTable) {}
