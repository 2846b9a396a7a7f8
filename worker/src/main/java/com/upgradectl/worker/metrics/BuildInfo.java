package com.upgradectl.worker.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code upgradectl_build_info}: always 1, its labels say which worker build runs (version), on
 * which Java and which Temporal SDK, so a dashboard can tell workers apart during a rolling upgrade.
 */
public final class BuildInfo {
  public static final String NAME = "upgradectl.build.info";
  private static final String RESOURCE = "/upgradectl-build.properties";

  private BuildInfo() {}

  /** The worker's version as Maven built it, "unknown" when run from classes without the filtered resource. */
  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown");
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static void register(MeterRegistry registry) {
    Gauge.builder(NAME, () -> 1)
        .description("The running worker's build: version, Java and Temporal SDK versions (always 1)")
        .tags("version", version(),
            "java_version", System.getProperty("java.runtime.version", System.getProperty("java.version")),
            "temporal_sdk", io.temporal.serviceclient.Version.LIBRARY_VERSION)
        .strongReference(true)
        .register(registry);
  }
}
