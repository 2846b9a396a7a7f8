package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.common.StepProgress;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress as a real worker reports it while it imports 300,000 rows: the status names the stage
 * and the worker's own times, and `watch` attached mid-copy names the stage and ends the copy with
 * its rows and a whole-number rate measured from the work's start.
 */
class WatchProgressEndToEndTest {
  @TempDir Path dir;

  @Test
  void statusAndWatchShowTheStageAndTheWorksOwnPace() throws Exception {
    try (RealWorkerFixture fixture = RealWorkerFixture.withProduction(dir, 1_000_000, 1_000);
        WorkerProcess worker = fixture.worker("worker.out")) {
      CliRun start = fixture.cli("pilot", "start", "--profile", "local", "--database", "servicedesk",
          "--package", SamplePackage.extractTo(dir).toString());
      assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);

      PilotStatus copying = fixture.awaitStatus(s -> s.stepProgress() != null
          && "import: copying".equals(s.stepProgress().doing()) && StatusText.totalDone(s.progress()) > 0,
          "the import copying rows");
      StepProgress step = copying.stepProgress();
      assertThat(copying.step()).isEqualTo("import all tables");
      assertThat(step.workStartedAt()).as("the worker says when the work began").isNotNull();
      assertThat(step.reportedAt()).isAfterOrEqualTo(step.workStartedAt());
      assertThat(step.stepStartedAt()).isNotNull();
      assertThat(ProgressPace.of(copying).doing()).isEqualTo("copying");

      CliRun watch = fixture.cli("watch", "--profile", "local", "--database", "servicedesk");

      assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(ExitCodes.OK);
      assertThat(watch.out()).as(watch.out())
          .contains("  import all tables\n    copying\n")
          .containsPattern("\n    \\d{1,3}(,\\d{3})+ rows after \\d+\\.\\d s, \\d{1,3}(,\\d{3})* rows/s\n")
          .doesNotContainPattern("\\d\\.\\d+ rows/s")
          .endsWith("pilot-upgrade/local/servicedesk is READY\n");
      assertThat(fixture.status().phase()).isEqualTo(PilotPhase.READY);
    }
  }
}
