package com.upgradectl.worker.dev;

/**
 * What the dev environment starts.
 *
 * @param temporalPort port of the Temporal test server; 0 picks a free one
 * @param sampleRows data rows of the sample production database; 0 creates none
 * @param metricsPort port of the worker's Prometheus endpoint; 0 picks a free one
 */
public record DevOptions(int temporalPort, long sampleRows, int metricsPort) {
  public static final String PROFILE = "embedded";
  public static final String PRODUCTION_DATABASE = "servicedesk";

  public DevOptions {
    if (temporalPort < 0 || temporalPort > 65535) {
      throw new IllegalArgumentException("temporal port must be between 0 and 65535, was " + temporalPort);
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new IllegalArgumentException("metrics port must be between 0 and 65535, was " + metricsPort);
    }
    if (sampleRows < 0) {
      throw new IllegalArgumentException("sample rows must be 0 or more, was " + sampleRows);
    }
  }
}
