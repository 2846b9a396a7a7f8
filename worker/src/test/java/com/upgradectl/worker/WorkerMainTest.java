package com.upgradectl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How the worker refuses to start, before it connects to anything. */
class WorkerMainTest {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new WorkerMain());
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    return commandLine.execute(args);
  }

  @Test
  void anInvalidConfigurationListsEveryProblemAndExits2() throws Exception {
    Path config = dir.resolve("worker.yaml");
    Files.writeString(config, """
        temporal: { namespace: prod }
        profiles:
          prod: { platform: postgresql, serverUrl: "jdbc:postgresql://db/postgres", user: u, passwordEnv: UPGRADECTL_TEST_UNSET_VARIABLE }
        """);

    assertThat(run("--config", config.toString())).isEqualTo(WorkerMain.INVALID_CONFIGURATION);
    assertThat(err.toString())
        .contains("worker.yaml is invalid (2 problems)")
        .contains("temporal.target: is required")
        .contains("profiles.prod.passwordEnv: environment variable UPGRADECTL_TEST_UNSET_VARIABLE is not set");
  }

  @Test
  void aMissingConfigurationFileExits2() {
    assertThat(run("--config", dir.resolve("nope.yaml").toString())).isEqualTo(WorkerMain.INVALID_CONFIGURATION);
    assertThat(err.toString()).contains("nope.yaml is invalid (1 problem)").contains("cannot read the file");
  }

  @Test
  void configAndDevModeExcludeEachOther() {
    assertThat(run("--config", "worker.yaml", "--dev")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void oneModeIsRequired() {
    assertThat(run()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing required argument");
  }

  @Test
  void anImpossibleDevPortExits2() {
    assertThat(run("--dev", "--temporal-port", "70000")).isEqualTo(WorkerMain.INVALID_CONFIGURATION);
    assertThat(err.toString()).contains("temporal port must be between 0 and 65535, was 70000");
  }
}
