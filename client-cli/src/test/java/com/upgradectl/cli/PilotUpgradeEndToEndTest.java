package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.worker.dev.FreePorts;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end: `worker --dev` in a separate process (Temporal test server, embedded
 * PostgreSQL, a 2000-row sample production), driven by the same command line operators use.
 * The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PilotUpgradeEndToEndTest {
  private static final String ID = "pilot-upgrade/embedded/servicedesk";

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
        "--dev", "--temporal-port", String.valueOf(port), "--sample-rows", "2000");
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker == null) {
      return;
    }
    // -9: the worker's guard process stops its embedded PostgreSQL (see WorkerKilledTest)
    worker.kill();
  }

  @Test
  @Order(0)
  void preflightShowsThePlanAndChangesNothing() {
    CliRun preflight = cli("preflight", "pilot", "--profile", "embedded", "--database", "servicedesk",
        "--package", packageDir.toString());

    assertThat(preflight.exitCode()).as(preflight.toString()).isEqualTo(ExitCodes.OK);
    assertThat(preflight.out()).startsWith("preflight of the pilot upgrade of servicedesk on embedded: passed;"
        + " nothing was changed").contains("servicedesk_v2_pilot", "servicedesk_v1_archive", "data-record (", "rows");
    assertThat(cli("status", "--profile", "embedded", "--database", "servicedesk").exitCode())
        .as("no upgrade was started").isEqualTo(ExitCodes.NO_SUCH_UPGRADE);

    CliRun production = cli("preflight", "production", "--profile", "embedded", "--database", "servicedesk",
        "--package", packageDir.toString());
    assertThat(production.exitCode()).as(production.toString()).isEqualTo(ExitCodes.OK);
    assertThat(production.out()).contains("preflight of the production upgrade of servicedesk", "safety copy",
        "migrations");

    CliRun missing = cli("preflight", "pilot", "--profile", "embedded", "--database", "missingdb",
        "--package", packageDir.toString());
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(missing.err()).contains("production database missingdb does not exist on profile embedded");
  }

  @Test
  @Order(1)
  void startCreatesThePilotAndWatchFollowsItUntilReady() {
    CliRun start = cli("pilot", "start", "--profile", "embedded", "--database", "servicedesk",
        "--package", packageDir.toString());
    assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
    assertThat(start.out()).contains("started " + ID, "preflight: passed")
        .as("the hints talk to the same server").contains("upgradectl watch --profile embedded --database servicedesk"
            + " --temporal-address " + temporal + "\n");

    CliRun watch = cli("watch", "--profile", "embedded", "--database", "servicedesk");
    assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(ExitCodes.OK);
    assertThat(watch.out()).contains("phase CREATING").endsWith(ID + " is READY\n")
        .contains("summary\n  outcome      READY", "every table verified equal to production", "drift        none");

    assertThat(status().phase()).isEqualTo(PilotPhase.READY);
  }

  @Test
  @Order(2)
  void aSecondUpgradeOfTheSameDatabaseIsRefused() {
    CliRun again = cli("pilot", "start", "--profile", "embedded", "--database", "servicedesk",
        "--package", packageDir.toString());

    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(again.err()).contains("an upgrade of servicedesk on embedded is already running: " + ID);
  }

  @Test
  @Order(2)
  void preflightAfterTheStartFindsThePilotNameTaken() {
    CliRun again = cli("preflight", "pilot", "--profile", "embedded", "--database", "servicedesk",
        "--package", packageDir.toString());

    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(again.err()).contains("pilot database name servicedesk_v2_pilot is taken");
  }

  @Test
  @Order(2)
  void aStartThatPreflightRefusesExitsThreeWithTheReason() {
    CliRun missing = cli("pilot", "start", "--profile", "embedded", "--database", "missingdb",
        "--package", packageDir.toString());

    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(missing.err()).contains("preflight refused the upgrade", "missingdb", "nothing was changed");
    assertThat(missing.out()).doesNotContain("follow it");
  }

  @Test
  @Order(2)
  void aDetachedStartReturnsWithoutTheVerdict() {
    CliRun detached = cli("pilot", "start", "--detach", "--profile", "embedded", "--database", "missingdb2",
        "--package", packageDir.toString());

    assertThat(detached.exitCode()).as(detached.toString()).isEqualTo(ExitCodes.OK);
    assertThat(detached.out()).contains("started pilot-upgrade/embedded/missingdb2", "not awaited (--detach)");
    CliRun watch = cli("watch", "--profile", "embedded", "--database", "missingdb2");
    assertThat(watch.exitCode()).as("watch shows the refusal: " + watch).isNotEqualTo(ExitCodes.OK);
  }

  @Test
  @Order(3)
  void refreshReimportsTheDataRecords() {
    CliRun refresh = cli("pilot", "refresh", "--profile", "embedded", "--database", "servicedesk");
    assertThat(refresh.exitCode()).as(refresh.toString()).isEqualTo(ExitCodes.OK);
    assertThat(refresh.out()).startsWith(ID + ": ");

    CliRun watch = cli("watch", "--workflow-id", ID);
    assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(ExitCodes.OK);

    PilotStatus status = status();
    assertThat(status.phase()).isEqualTo(PilotPhase.READY);
    assertThat(status.refreshCount()).isEqualTo(1);
    assertThat(status.lastVerification()).isNotEmpty().allMatch(c -> c.matches());
    assertThat(status.lastRefresh()).as("every data table refreshed by key").isNotEmpty()
        .noneMatch(t -> t.copiedWhole());
  }

  @Test
  @Order(4)
  void aDryRunSwitchForecastsTheFreezeAndChangesNothing() {
    CliRun dryRun = cli("pilot", "switch", "--dry-run", "--profile", "embedded", "--database", "servicedesk");

    assertThat(dryRun.exitCode()).as(dryRun.toString()).isEqualTo(ExitCodes.OK);
    assertThat(dryRun.out()).startsWith(ID + ": dry run, nothing changed: production will be frozen for about ")
        .contains("tickets", "changed keys");
    assertThat(status().phase()).isEqualTo(PilotPhase.READY);

    CliRun text = cli("status", "--profile", "embedded", "--database", "servicedesk");
    assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCodes.OK);
    assertThat(text.out()).contains("if switched", "production will be frozen for about ", "last refresh");

    CliRun withAtToo = cli("pilot", "switch", "--dry-run", "--at", "23:59", "--profile", "embedded", "--database",
        "servicedesk");
    assertThat(withAtToo.exitCode()).as(withAtToo.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(withAtToo.err()).contains("--dry-run forecasts a switch now");
  }

  @Test
  @Order(4)
  void aSwitchTimeInThePastIsRefusedBeforeSending() {
    CliRun past = cli("pilot", "switch", "--profile", "embedded", "--database", "servicedesk",
        "--at", "2020-01-01T00:00:00Z");

    assertThat(past.exitCode()).as(past.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(status().phase()).isEqualTo(PilotPhase.READY);
  }

  @Test
  @Order(5)
  void aScheduledSwitchCanBeCancelledAndCancellingNothingSaysSo() {
    Instant inAnHour = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    CliRun schedule = cli("pilot", "switch", "--profile", "embedded", "--database", "servicedesk",
        "--at", inAnHour.toString());
    assertThat(schedule.exitCode()).as(schedule.toString()).isEqualTo(ExitCodes.OK);
    PilotStatus scheduled = status();
    assertThat(scheduled.phase()).isEqualTo(PilotPhase.SWITCH_SCHEDULED);
    assertThat(scheduled.scheduledSwitchAt()).isEqualTo(inAnHour);

    CliRun cancel = cli("pilot", "cancel-switch", "--profile", "embedded", "--database", "servicedesk");
    assertThat(cancel.exitCode()).as(cancel.toString()).isEqualTo(ExitCodes.OK);
    assertThat(status().phase()).isEqualTo(PilotPhase.READY);

    CliRun again = cli("pilot", "cancel-switch", "--profile", "embedded", "--database", "servicedesk");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
    assertThat(again.out()).contains("nothing is scheduled");
    assertThat(status().phase()).isEqualTo(PilotPhase.READY);
  }

  @Test
  @Order(6)
  void switchMakesThePilotProduction() {
    CliRun switchNow = cli("pilot", "switch", "--profile", "embedded", "--database", "servicedesk");
    assertThat(switchNow.exitCode()).as(switchNow.toString()).isEqualTo(ExitCodes.OK);

    CliRun watch = cli("watch", "--profile", "embedded", "--database", "servicedesk");
    assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(ExitCodes.OK);
    assertThat(watch.out()).endsWith(ID + " is SWITCHED\n").contains("outcome      SWITCHED")
        .containsPattern("freeze +\\d+\\.\\d s \\(forecast: about ");

    PilotStatus status = status();
    assertThat(status.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(status.lastVerification()).isNotEmpty().allMatch(c -> c.matches());
    assertThat(status.freezeMillis()).as("the freeze measured").isNotNull().isPositive();
    CliRun text = cli("status", "--profile", "embedded", "--database", "servicedesk");
    assertThat(text.out()).containsPattern("freeze +production was frozen for [0-9.]+ s \\(forecast: about [0-9.]+ s\\)");
  }

  @Test
  @Order(7)
  void refreshAfterTheSwitchIsRefusedWithTheReason() {
    CliRun refresh = cli("pilot", "refresh", "--profile", "embedded", "--database", "servicedesk");

    assertThat(refresh.exitCode()).as(refresh.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refresh.err()).contains("refused: ").containsIgnoringCase("switched");
  }

  /** Started without --switch-back-grace: the upgrade ended at the switch, so there is nothing to switch back. */
  @Test
  @Order(7)
  void switchBackWithoutAGracePeriodIsRefused() {
    CliRun switchBack = cli("pilot", "switch-back", "--profile", "embedded", "--database", "servicedesk");

    assertThat(switchBack.exitCode()).as(switchBack.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(switchBack.err()).contains("refused: ", "has ended (phase SWITCHED");
  }

  @Test
  @Order(8)
  void listShowsTheUpgradeAndItsPhase() throws Exception {
    CliRun text = cli("list");
    assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCodes.OK);
    assertThat(text.out()).containsPattern(ID.replace("/", "\\/") + " +SWITCHED +COMPLETED");

    CliRun json = cli("list", "--output", "json");
    List<Map<String, Object>> entries = Json.MAPPER.readValue(json.out(), new TypeReference<>() {});
    assertThat(entries).anySatisfy(e -> {
      assertThat(e).containsEntry("workflowId", ID).containsEntry("phase", "SWITCHED");
    });
  }

  @Test
  @Order(9)
  void statusAsJsonIsThePilotStatus() throws Exception {
    CliRun json = cli("status", "--profile", "embedded", "--database", "servicedesk", "--output", "json");
    assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.OK);

    JsonNode tree = Json.MAPPER.readTree(json.out());
    assertThat(tree.path("workflowId").asText()).isEqualTo(ID);
    PilotStatus status = StatusJsonReader.pilot(json.out());
    assertThat(status.phase()).isEqualTo(PilotPhase.SWITCHED);
    assertThat(status.plan().productionDatabase()).isEqualTo("servicedesk");

    List<JsonNode> history = new ArrayList<>();
    tree.path("history").forEach(history::add);
    assertThat(history).as("history entries are objects with a time (with its offset) and a kind").isNotEmpty()
        .allSatisfy(entry -> {
          assertThat(entry.isObject()).as(entry.toString()).isTrue();
          assertThat(OffsetDateTime.parse(entry.path("at").asText())).isNotNull();
          assertThat(entry.path("kind").asText()).isNotEmpty();
          assertThat(entry.path("text").asText()).isNotEmpty();
        });
    JsonNode imported = kind(history, "imported");
    assertThat(imported.path("rows").isNumber()).as(imported.toString()).isTrue();
    assertThat(imported.path("rows").asLong()).isGreaterThanOrEqualTo(2000);
    assertThat(imported.path("tables").asLong()).isPositive();
    assertThat(imported.path("bytes").isNumber()).isTrue();
    assertThat(kind(history, "renamed").path("to").asText()).isIn("servicedesk", "servicedesk_v1_archive");
    JsonNode preflight = kind(history, "preflight-passed");
    assertThat(preflight.path("platform").asText()).isEqualTo("postgresql");
    assertThat(tree.path("warnings").isArray()).as("warnings are a list of their own").isTrue();
    if (preflight.has("warnings")) {
      assertThat(preflight.path("warnings").isArray()).isTrue();
      assertThat(tree.path("warnings")).contains(preflight.path("warnings").get(0));
    }

    CliRun text = cli("status", "--profile", "embedded", "--database", "servicedesk");
    assertThat(text.out()).as("the text keeps one line per entry, its time with the offset, its figures formatted")
        .containsPattern("\n  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [+-]\\d{2}:\\d{2}  imported \\d+ tables, "
            + "\\d{1,3}(,\\d{3})+ rows, \\d+\\.\\d MB in \\d+\\.\\d s; verified");
  }

  private static JsonNode kind(List<JsonNode> history, String kind) {
    return history.stream().filter(e -> e.path("kind").asText().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no history entry of kind " + kind + " in " + history));
  }

  @Test
  @Order(10)
  void anUpgradeThatDoesNotExistIsExitCode5() {
    CliRun status = cli("status", "--profile", "embedded", "--database", "nosuchdb");

    assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.NO_SUCH_UPGRADE);
    assertThat(status.err()).contains("pilot-upgrade/embedded/nosuchdb");
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
    String[] withTemporal = java.util.Arrays.copyOf(args, args.length + 2);
    withTemporal[args.length] = "--temporal-address";
    withTemporal[args.length + 1] = temporal;
    return CliRun.run(withTemporal);
  }
}
