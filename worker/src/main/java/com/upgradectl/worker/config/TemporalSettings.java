package com.upgradectl.worker.config;

import com.upgradectl.worker.connect.TemporalSecurity;

/**
 * Where the worker finds Temporal, how it secures the connection and which queue it serves.
 *
 * @param target host:port of the Temporal frontend
 */
public record TemporalSettings(String target, String namespace, String taskQueue, TemporalSecurity security) {

  public TemporalSettings {
    security = security == null ? TemporalSecurity.none() : security;
  }

  /** Plaintext. */
  public TemporalSettings(String target, String namespace, String taskQueue) {
    this(target, namespace, taskQueue, TemporalSecurity.none());
  }
}
