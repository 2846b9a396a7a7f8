package com.upgradectl.worker.config;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.JdbcUrls;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.worker.codec.EncryptionSettings;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The worker's validated configuration: how to reach Temporal, where to expose metrics, and the
 * connection profiles that workflow inputs name. Passwords are resolved here and never printed:
 * {@link #toString()} and {@link #describe()} mask them, JDBC URLs included.
 *
 * @param metricsPort port of the Prometheus scrape endpoint; 0 picks a free port
 * @param shutdownTimeoutSeconds how long a stopping worker lets running activities finish
 * @param copy how the copier cuts tables into chunks
 * @param encryption payload encryption and the codec endpoint; null = payloads in plaintext
 */
public record WorkerConfig(TemporalSettings temporal, int metricsPort, int shutdownTimeoutSeconds,
    Map<String, ConnectionProfile> profiles, CopySettings copy, EncryptionSettings encryption) {

  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 30;

  public WorkerConfig {
    profiles = Map.copyOf(profiles);
  }

  /** Without payload encryption. */
  public WorkerConfig(TemporalSettings temporal, int metricsPort, int shutdownTimeoutSeconds,
      Map<String, ConnectionProfile> profiles, CopySettings copy) {
    this(temporal, metricsPort, shutdownTimeoutSeconds, profiles, copy, null);
  }

  /** With the copier's default settings. */
  public WorkerConfig(TemporalSettings temporal, int metricsPort, int shutdownTimeoutSeconds,
      Map<String, ConnectionProfile> profiles) {
    this(temporal, metricsPort, shutdownTimeoutSeconds, profiles, CopySettings.defaults());
  }

  /** One line per setting, secrets masked: what the worker logs at start. */
  public String describe() {
    StringJoiner lines = new StringJoiner("\n");
    lines.add("temporal.target=" + temporal.target());
    lines.add("temporal.namespace=" + temporal.namespace());
    lines.add("temporal.taskQueue=" + temporal.taskQueue());
    lines.add("temporal.security=" + temporal.security().describe());
    lines.add("metrics.port=" + metricsPort);
    lines.add("shutdownTimeoutSeconds=" + shutdownTimeoutSeconds);
    lines.add("copy.chunkRows=" + copy.chunkRows());
    lines.add("encryption=" + (encryption == null ? "off" : encryption.describe()));
    profiles.values().stream()
        .sorted(java.util.Comparator.comparing(ConnectionProfile::name))
        .forEach(p -> lines.add("profiles." + p.name() + ": platform=" + p.platform() + " serverUrl="
            + JdbcUrls.masked(p.serverUrl()) + " user=" + p.user() + " password="
            + (p.password() == null || p.password().isEmpty() ? "<none>" : "****")
            + (p.backupDirectory() == null ? "" : " backupDirectory=" + p.backupDirectory())));
    return lines.toString();
  }

  @Override
  public String toString() {
    return "WorkerConfig[" + describe().replace("\n", ", ") + "]";
  }
}
