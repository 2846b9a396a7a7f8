package com.upgradectl.worker.config;

/**
 * Where the worker finds Temporal and which queue it serves.
 *
 * @param target host:port of the Temporal frontend
 */
public record TemporalSettings(String target, String namespace, String taskQueue) {}
