package com.upgradectl.workflows.pilot;

import java.util.Map;

/**
 * Production's settings that freeze changes, captured BEFORE freezing so that unfreeze restores
 * them exactly, however often freeze was retried. Platform-specific keys (e.g. PostgreSQL's
 * "connectionLimit").
 */
public record ProductionSettings(String database, Map<String, String> settings) {}
