package com.upgradectl.worker.config;

import com.upgradectl.worker.connect.TemporalSecurity;

/**
 * Where the worker finds Temporal, how it secures the connection and which queue it serves.
 *
 * @param target host:port of the Temporal frontend
 * @param deployment the Worker Deployment Version the worker declares, null when it does not use Worker
 *     Versioning
 * @param maxConcurrentActivities how many activities (copies of pieces, index builds...) this worker runs
 *     at once; the rest of an import's pieces wait on the task queue for another worker or a free slot
 */
public record TemporalSettings(String target, String namespace, String taskQueue, TemporalSecurity security,
    WorkerDeployment deployment, int maxConcurrentActivities) {
  /** The SDK's own default. */
  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 200;

  public TemporalSettings {
    security = security == null ? TemporalSecurity.none() : security;
    if (maxConcurrentActivities < 1) {
      throw new IllegalArgumentException("maxConcurrentActivities must be at least 1, was " + maxConcurrentActivities);
    }
  }

  public TemporalSettings(String target, String namespace, String taskQueue, TemporalSecurity security,
      WorkerDeployment deployment) {
    this(target, namespace, taskQueue, security, deployment, DEFAULT_MAX_CONCURRENT_ACTIVITIES);
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
