package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.worker.dev.FreePorts;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switch-back through the CLI, against `worker --dev` in a separate process: started with a grace
 * period, switched, then switched back by `pilot switch-back`, which waits and prints what was
 * written since the switch; afterwards the upgrade takes no more requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PilotSwitchBackEndToEndTest {
  private static final String ID = "pilot-upgrade/embedded/servicedesk";
  private static final String[] TARGET = {"--profile", "embedded", "--database", "servicedesk"};

  @TempDir static Path dir;
  static WorkerProcess worker;
  static String temporal;
  static Path packageDir;

  @BeforeAll
  static void startWorker() throws Exception {
    int port = FreePorts.pick();
    temporal = "localhost:" + port;
    packageDir = SamplePackage.extractTo(dir);
    worker = WorkerProcess.startAndAwaitReady(dir.resolve("worker.out"), Map.of(),
        "--dev", "--temporal-port", String.valueOf(port), "--sample-rows", "500");
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      worker.kill();
    }
  }

  @Test
  @Order(1)
  void aSwitchWithAGracePeriodKeepsTheUpgradeOpenAndStatusSaysUntilWhen() {
    CliRun start = cli("pilot", "start", "--profile", "embedded", "--database", "servicedesk",
        "--package", packageDir.toString(), "--switch-back-grace", "2h");
    assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
    assertThat(start.out()).contains("switch-back: possible for 2h after the switch");
    assertThat(cli(with("watch")).exitCode()).isEqualTo(ExitCodes.OK);
    CliRun early = cli(with("pilot", "switch-back"));
    assertThat(early.exitCode()).as(early.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(early.err()).contains("switch-back is not allowed while READY", "has not been switched to production");

    CliRun switchNow = cli(with("pilot", "switch"));
    assertThat(switchNow.exitCode()).as(switchNow.toString()).isEqualTo(ExitCodes.OK);
    CliRun watch = cli(with("watch"));
    assertThat(watch.out()).endsWith(ID + " is SWITCHED\n");

    PilotStatus switched = status();
    assertThat(switched.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(switched.switchBackUntil()).isNotNull();
    assertThat(Duration.between(Instant.now(), switched.switchBackUntil()))
        .isBetween(Duration.ofMinutes(100), Duration.ofMinutes(121));
    assertThat(cli(with("status")).out()).contains("switch-back   possible until "
        + Times.shown(switched.switchBackUntil(), java.time.ZoneId.systemDefault()));
  }

  @Test
  @Order(2)
  void switchBackWaitsPrintsTheRowsWrittenSinceTheSwitchAndEndsTheUpgrade() {
    CliRun back = cli(with("pilot", "switch-back"));

    assertThat(back.exitCode()).as(back.toString()).isEqualTo(ExitCodes.OK);
    assertThat(back.out())
        .contains(ID + ": switch-back started")
        .contains("no row was written to the new production since the switch")
        .contains("  tickets                  0 inserted, 0 updated, 0 deleted")
        .endsWith("switched back: servicedesk is the archive again, as it was at the switch; the switched database is"
            + " kept as servicedesk_v2_switched_back\n");
    assertThat(status().phase()).isEqualTo(PilotPhase.SWITCHED_BACK);
    assertThat(cli(with("status")).out()).as("status says which database is production").contains("servicedesk on"
        + " profile embedded is production on version 1 again (the archive took its name back); the upgraded database"
        + " is now servicedesk_v2_switched_back");

    CliRun again = cli(with("pilot", "switch-back"));
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(again.err()).contains("has ended (phase SWITCHED_BACK");
  }

  private static String[] with(String... command) {
    String[] all = Arrays.copyOf(command, command.length + TARGET.length);
    System.arraycopy(TARGET, 0, all, command.length, TARGET.length);
    return all;
  }

  private static PilotStatus status() {
    CliRun json = cli("status", "--workflow-id", ID, "--output", "json");
    assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.OK);
    try {
      return StatusJsonReader.pilot(json.out());
    } catch (Exception e) {
      throw new AssertionError("status --output json did not parse:\n" + json, e);
    }
  }

  private static CliRun cli(String... args) {
    String[] withTemporal = Arrays.copyOf(args, args.length + 2);
    withTemporal[args.length] = "--temporal-address";
    withTemporal[args.length + 1] = temporal;
    return CliRun.run(withTemporal);
  }
}
