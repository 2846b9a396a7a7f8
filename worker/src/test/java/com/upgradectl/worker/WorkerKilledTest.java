package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.worker.dev.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dev worker killed with -9 (no shutdown hook runs) still leaves no PostgreSQL behind. */
class WorkerKilledTest {
  private static final Pattern POSTGRES = Pattern.compile("PostgreSQL +(jdbc:postgresql://localhost:\\d+/postgres)");

  @TempDir Path dir;

  @Test
  void killingTheDevWorkerStopsItsEmbeddedPostgres() throws Exception {
    Path output = dir.resolve("worker.out");
    Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
        "--dev", "--temporal-port", String.valueOf(FreePorts.pick()), "--sample-rows", "0")
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
      while (!Files.readString(output).contains("worker ready")) {
        assertThat(worker.isAlive() && Instant.now().isBefore(giveUp)).as(Files.readString(output)).isTrue();
        Thread.sleep(200);
      }
      Matcher postgres = POSTGRES.matcher(Files.readString(output));
      assertThat(postgres.find()).isTrue();
      String url = postgres.group(1);
      assertThat(accepts(url)).isTrue();

      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

      // the guard notices within a second or two; two minutes is only a safety net
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (accepts(url) && Instant.now().isBefore(deadline)) {
        Thread.sleep(250);
      }
      assertThat(accepts(url)).as("embedded PostgreSQL outlived its killed worker").isFalse();
    } finally {
      worker.destroyForcibly();
    }
  }

  private static boolean accepts(String url) {
    try (Connection ignored = DriverManager.getConnection(url, "postgres", "")) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
