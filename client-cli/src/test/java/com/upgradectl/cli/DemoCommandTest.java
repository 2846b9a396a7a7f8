package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** `upgradectl demo`: a whole upgrade (pilot or production) in one process, verified independently. */
class DemoCommandTest {

  @Test
  void runsTheWholePilotUpgradeAndVerifiesIt() throws Exception {
    CliRun run = CliRun.run("demo", "--rows", "3000", "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    JsonNode report = Json.MAPPER.readTree(run.out());
    assertThat(report.get("verified").asBoolean()).isTrue();
    assertThat(report.get("workflowId").asText()).isEqualTo("pilot-upgrade/embedded/servicedesk");
    assertThat(report.get("steps").findValuesAsText("step"))
        .containsExactly("create pilot", "refresh #1", "refresh #2", "switch");
    assertThat(report.get("steps").findValuesAsText("phase")).containsExactly("READY", "READY", "READY", "SWITCHED");
    assertThat(report.get("steps").get(0).get("rows").asLong()).as("create imports every table").isGreaterThan(3000);
    assertThat(report.get("driftAfterEachRefresh").get(0)).as("production's configuration changed before refresh #1")
        .isNotEmpty();
    assertThat(report.get("checks").findValuesAsText("check")).containsExactly(
        "new version under the production name", "archive offline", "pilot renamed",
        "data records as production had them", "workflow verification");
    assertThat(report.get("checks").findValues("passed")).allMatch(JsonNode::asBoolean);
  }

  @Test
  void textOutputTellsTheStoryAndEndsWithTheSummary() {
    CliRun run = CliRun.run("demo", "--rows", "500");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("worker ready")
        .contains("1. Create the pilot")
        .contains("3. Refresh the pilot")
        .contains("configuration drift reported: ")
        .contains("6. Switch to production now")
        .contains("ok    archive offline")
        .contains("Summary")
        .endsWith("demo verified: everything matches\n");
    assertThat(run.out().split("ok    archive offline", -1)).as("each check printed once").hasSize(2);
    assertThat(run.out()).containsPattern("checks: (\\d+) of \\1 passed");
  }

  @Test
  void productionScenarioRestoresAFailedUpgradeThenUpgradesInPlace() throws Exception {
    CliRun run = CliRun.run("demo", "--scenario", "production", "--rows", "2000", "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    JsonNode report = Json.MAPPER.readTree(run.out());
    assertThat(report.get("verified").asBoolean()).isTrue();
    assertThat(report.get("workflowId").asText()).isEqualTo("production-upgrade/embedded/servicedesk");
    assertThat(report.get("steps").findValuesAsText("phase")).containsExactly("RESTORED", "UPGRADED");
    assertThat(report.get("checks").findValuesAsText("check")).containsExactly(
        "the application's session was ended and listed", "the failure names the step and the cause",
        "production restored exactly", "new version in place", "data records kept", "workflow verification",
        "safety copy dropped after success", "application let in again");
    assertThat(report.get("checks").findValues("passed")).allMatch(JsonNode::asBoolean);
  }

  @Test
  void refusesAnImpossibleRowCountBeforeStartingAnything() {
    CliRun run = CliRun.run("demo", "--rows", "0");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--rows must be between 1 and 100,000,000, was 0");
  }
}
