package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.worker.dev.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exit codes scripts rely on, and that bad input is refused before anything is sent: every command
 * here points at a port where no Temporal listens, so exit 2 (not 4) proves nothing was contacted.
 */
class ExitCodeTest {
  private static final String NOBODY_LISTENS = "localhost:" + FreePorts.pick();

  @ParameterizedTest
  @ValueSource(strings = {"service'desk", "service[desk]", "servicedesk;DROP", "service desk"})
  void aDatabaseNameWithAForbiddenCharacterIsBadInput(String name) {
    for (String[] command : new String[][] {{"pilot", "refresh"}, {"pilot", "switch"}, {"pilot", "abandon"},
        {"pilot", "cancel-switch"}, {"pilot", "switch-back"}, {"status"}, {"watch"}}) {
      CliRun run = CliRun.run(concat(command, "--profile", "embedded", "--database", name,
          "--temporal-address", NOBODY_LISTENS));

      assertThat(run.exitCode()).as(String.join(" ", command) + "\n" + run).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.err()).contains("production database name '" + name + "' contains");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"service'desk", "service[desk]", "servicedesk;DROP"})
  void pilotStartRefusesABadNameBeforeReadingThePackage(String name) {
    for (String option : new String[] {"--database", "--pilot-name", "--archive-name"}) {
      List<String> args = new ArrayList<>(List.of("pilot", "start", "--profile", "embedded",
          "--package", "/no/such/package", "--temporal-address", NOBODY_LISTENS, option, name));
      if (!option.equals("--database")) {
        args.addAll(List.of("--database", "servicedesk"));
      }
      CliRun run = CliRun.run(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(option + "\n" + run).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.err()).contains("name '" + name + "' contains");
    }
  }

  @Test
  void aMistypedOptionIsNamedWithTheOneMeantAndOnlyThatSubcommandsUsage() {
    CliRun run = CliRun.run("pilot", "start", "--profile", "embedded", "--database", "servicedesk",
        "--pakage", "/tmp/pkg", "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err().lines().findFirst()).hasValueSatisfying(first -> assertThat(first)
        .contains("upgradectl pilot start: unknown option --pakage (did you mean --package?)"));
    assertThat(run.err()).contains("Usage: upgradectl pilot start").doesNotContain("Usage: upgradectl pilot refresh")
        .doesNotContain("Usage: upgradectl [");
  }

  @Test
  void abandonWithoutATerminalAndWithoutYesIsBadInputAndSendsNothing() {
    CliRun run = CliRun.run("pilot", "abandon", "--profile", "embedded", "--database", "servicedesk",
        "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("no terminal to confirm it on", "--yes");
  }

  @Test
  void abandonWithYesGoesOnToTemporal() {
    CliRun run = CliRun.run("pilot", "abandon", "--yes", "--profile", "embedded", "--database", "servicedesk",
        "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPORAL_UNREACHABLE);
  }

  @Test
  void pilotStartRefusesA200CharacterName() {
    CliRun run = CliRun.run("pilot", "start", "--profile", "embedded", "--database", "d".repeat(200),
        "--package", "/no/such/package", "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("production database name is 200 characters long");
  }

  @Test
  void pilotStartRefusesAnInvalidPackageNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path pkg = SamplePackage.extractTo(dir);
    Path manifest = pkg.resolve("package.yaml");
    List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
    int line = lines.indexOf("  comments: data") + 1;
    assertThat(line).as("the sample package classifies comments").isPositive();
    lines.set(line - 1, "  comments: dta");
    Files.write(manifest, lines);

    CliRun run = CliRun.run("pilot", "start", "--profile", "embedded", "--database", "servicedesk",
        "--package", pkg.toString(), "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("package.yaml:" + line + ": ");
  }

  @Test
  void pilotStartRefusesAMissingPackageDirectory(@TempDir Path dir) {
    CliRun run = CliRun.run("pilot", "start", "--profile", "embedded", "--database", "servicedesk",
        "--package", dir.resolve("nothing-here").toString(), "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("nothing-here is not a directory");
  }

  @Test
  void pilotStartWithAValidPackageGoesOnToTemporal(@TempDir Path dir) {
    Path pkg = SamplePackage.extractTo(dir);

    CliRun run = CliRun.run("pilot", "start", "--profile", "embedded", "--database", "servicedesk",
        "--package", pkg.toString(), "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPORAL_UNREACHABLE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"service'desk", "service[desk]", "servicedesk;DROP"})
  void productionUpgradeRefusesABadNameBeforeReadingThePackage(String name) {
    for (String option : new String[] {"--database", "--safety-copy-name"}) {
      List<String> args = new ArrayList<>(List.of("production", "upgrade", "--profile", "embedded",
          "--package", "/no/such/package", "--temporal-address", NOBODY_LISTENS, option, name));
      if (!option.equals("--database")) {
        args.addAll(List.of("--database", "servicedesk"));
      }
      CliRun run = CliRun.run(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(option + "\n" + run).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.err()).contains("name '" + name + "' contains");
    }
  }

  @Test
  void productionUpgradeRefusesASafetyCopyNamedLikeProduction(@TempDir Path dir) {
    Path pkg = SamplePackage.extractTo(dir);

    CliRun run = CliRun.run("production", "upgrade", "--profile", "embedded", "--database", "servicedesk",
        "--safety-copy-name", "SERVICEDESK", "--package", pkg.toString(), "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("safety copy database name must differ from the production database name");
  }

  @Test
  void productionUpgradeRefusesAMissingPackageDirectory(@TempDir Path dir) {
    CliRun run = CliRun.run("production", "upgrade", "--profile", "embedded", "--database", "servicedesk",
        "--package", dir.resolve("nothing-here").toString(), "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("nothing-here is not a directory");
  }

  @Test
  void productionUpgradeWithAValidPackageGoesOnToTemporal(@TempDir Path dir) {
    Path pkg = SamplePackage.extractTo(dir);

    CliRun run = CliRun.run("production", "upgrade", "--profile", "embedded", "--database", "servicedesk",
        "--package", pkg.toString(), "--keep-safety-copy", "--yes", "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPORAL_UNREACHABLE);
  }

  @Test
  void productionUpgradeOffATerminalWithoutYesIsBadInputAndSendsNothing(@TempDir Path dir) {
    Path pkg = SamplePackage.extractTo(dir);

    CliRun run = CliRun.run("production", "upgrade", "--profile", "embedded", "--database", "servicedesk",
        "--package", pkg.toString(), "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as("exit 2, not 4: Temporal was not contacted\n" + run).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("give --yes to confirm", "nothing was sent");
  }

  @Test
  void aDatabaseNameOf200CharactersIsBadInput() {
    CliRun run = CliRun.run("pilot", "refresh", "--profile", "embedded", "--database", "d".repeat(200),
        "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("production database name is 200 characters long; at most 128 are allowed");
  }

  @Test
  void aProfileNameThatWouldBreakTheWorkflowIdIsBadInput() {
    CliRun run = CliRun.run("status", "--profile", "a/b", "--database", "servicedesk",
        "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("profile name 'a/b' is not valid");
  }

  @Test
  void anUpgradeMustBeNamed() {
    CliRun run = CliRun.run("status", "--database", "servicedesk", "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("name the upgrade with --profile and --database (or --workflow-id)");
  }

  @Test
  void aSwitchTimeInThePastIsRefusedBeforeSending() {
    CliRun run = CliRun.run("pilot", "switch", "--profile", "embedded", "--database", "servicedesk",
        "--at", "2020-01-01T00:00:00Z", "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("switch time 2020-01-01T00:00:00Z (", ") is in the past; it is now ");
  }

  @Test
  void aLaterHourTodayPassesTheLocalCheckAndReachesForTemporal() {
    Clock noon = Clock.fixed(Instant.parse("2030-05-01T12:00:00Z"), ZoneId.of("UTC"));

    CliRun run = CliRun.run(noon, "pilot", "switch", "--profile", "embedded", "--database", "servicedesk",
        "--at", "22:00", "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPORAL_UNREACHABLE);
  }

  @Test
  void aSwitchTimeThatIsNoTimeIsBadInput() {
    CliRun run = CliRun.run("pilot", "switch", "--profile", "embedded", "--database", "servicedesk",
        "--at", "tonight", "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--at 'tonight' is not a time");
  }

  @Test
  void temporalUnreachableIsExitCode4() {
    CliRun run = CliRun.run("status", "--profile", "embedded", "--database", "servicedesk",
        "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPORAL_UNREACHABLE);
    assertThat(run.err()).contains("cannot reach Temporal at " + NOBODY_LISTENS);
  }

  @Test
  void listReportsAnUnreachableTemporalToo() {
    CliRun run = CliRun.run("list", "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPORAL_UNREACHABLE);
  }

  @Test
  void anUnknownOptionIsUsageError() {
    CliRun run = CliRun.run("status", "--profle", "embedded");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("upgradectl status: unknown option --profle (did you mean --profile?)");
  }

  @Test
  void helpDocumentsTheExitCodes() {
    CliRun run = CliRun.run("pilot", "switch", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Exit codes:")
        .contains("3   refused (not allowed in the current phase")
        .contains("4   Temporal unreachable");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-2h", "31d", "2 hours", "h"})
  void aSwitchBackGraceThatIsNegativeTooLongOrNotADurationIsBadInputBeforeReadingThePackage(String grace) {
    CliRun run = CliRun.run("pilot", "start", "--profile", "embedded", "--database", "servicedesk",
        "--package", "/no/such/package", "--switch-back-grace", grace, "--temporal-address", NOBODY_LISTENS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--switch-back-grace").containsAnyOf("is negative", "longer than 30 days",
        "is not a duration");
  }

  @Test
  void switchBackHelpSaysWhenItIsRefusedAndDocumentsTheExitCodes() {
    CliRun run = CliRun.run("pilot", "switch-back", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Usage: upgradectl pilot switch-back", "--profile", "--database", "--no-wait",
            "switch-back grace period", "_switched_back (kept, never", "Refused (exit 3) before the switch, after the grace period")
        .contains("3   refused (not allowed in the current phase");
  }

  @Test
  void theRootCommandListsItsCommands() {
    CliRun run = CliRun.run("--help");

    assertThat(run.out()).contains("pilot", "production", "status", "watch", "list", "demo", "help");
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
