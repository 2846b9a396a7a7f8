package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.pilot.PilotPhase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switch the guardrails refuse is refused by the command itself: `pilot switch` never says "switch
 * started" for a switch refused a moment later, and `status` shows the refusal.
 */
class SwitchRefusedEndToEndTest {
  private static final String ARCHIVE = "servicedesk_v1_archive";

  @TempDir Path dir;

  @Test
  void aSwitchRefusedByAGuardrailExitsRefusedWithTheReasonAndNeverSaysStarted() throws Exception {
    try (RealWorkerFixture fixture = RealWorkerFixture.withProduction(dir, 2_000, 1_000);
        WorkerProcess worker = fixture.worker("worker.out")) {
      Path packageDir = SamplePackage.extractTo(dir);
      CliRun start = fixture.cli("pilot", "start", "--profile", "local", "--database", "servicedesk",
          "--package", packageDir.toString());
      assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
      fixture.awaitPhase(PilotPhase.READY);
      fixture.execute("postgres", "CREATE DATABASE " + ARCHIVE);

      CliRun refused = fixture.cli("pilot", "switch", "--profile", "local", "--database", "servicedesk");

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);
      assertThat(refused.err()).contains("refused: switch requested now, refused by the guardrails, nothing was changed",
          ARCHIVE);
      assertThat(refused.out()).doesNotContain("switch started");
      assertThat(fixture.status().phase()).isEqualTo(PilotPhase.READY);
      CliRun status = fixture.cli("status", "--profile", "local", "--database", "servicedesk");
      assertThat(status.out()).containsPattern("refused +\\S+ switch requested now, refused by the guardrails")
          .contains(ARCHIVE);

      fixture.execute("postgres", "DROP DATABASE " + ARCHIVE);
      CliRun accepted = fixture.cli("pilot", "switch", "--profile", "local", "--database", "servicedesk");
      assertThat(accepted.exitCode()).as(accepted.toString()).isEqualTo(ExitCodes.OK);
      assertThat(accepted.out()).contains("switch started (guardrails passed)");
      assertThat(fixture.awaitPhase(PilotPhase.SWITCHED).phase()).isEqualTo(PilotPhase.SWITCHED);
    }
  }
}
