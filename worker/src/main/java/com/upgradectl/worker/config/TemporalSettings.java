package com.upgradectl.worker.config;

import com.upgradectl.worker.connect.TemporalSecurity;

/**
 * Where the worker finds Temporal, how it secures the connection and which queue it serves.
 *
 * @param target host:port of the Temporal frontend
 * @param deployment the Worker Deployment Version the worker declares, null when it does not use Worker
 *     Versioning
 */
public record TemporalSettings(String target, String namespace, String taskQueue, TemporalSecurity security,
    WorkerDeployment deployment) {

  public TemporalSettings {
    security = security == null ? TemporalSecurity.none() : security;
  }

  /** Without Worker Versioning. */
  public TemporalSettings(String target, String namespace, String taskQueue, TemporalSecurity security) {
    this(target, namespace, taskQueue, security, null);
  }

  /** Plaintext. */
  public TemporalSettings(String target, String namespace, String taskQueue) {
    this(target, namespace, taskQueue, TemporalSecurity.none());
  }
}
