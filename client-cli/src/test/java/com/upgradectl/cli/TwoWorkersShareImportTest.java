package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker processes on one task queue share an import: both copy pieces of it. The one that does
 * not hold the read point is killed with -9 in the middle of a piece; the other takes the piece over
 * after its last committed chunk, at the same read point, and the pilot ends with exactly
 * production's rows (nothing doubled: the keys are built over them at the end).
 */
class TwoWorkersShareImportTest {
  private static final int DATA_ROWS = 1_000_000;
  private static final int CHUNK_ROWS = 1_000;
  /**
   * Below the import's 4 copies plus its holder: neither worker can take them all. (The test server
   * hands a task to the poller that came last, so one worker without a bound would take everything.)
   */
  private static final int ACTIVITIES_PER_WORKER = 3;
  private static final Pattern COPYING = Pattern.compile("copying piece \\d+ ");
  private static final Pattern COPIED = Pattern.compile("copied piece \\d+ ");
  private static final Pattern PIECE_STARTED = Pattern.compile("copying piece (\\d+) \\((\\w+)");
  private static final Pattern PIECE_FINISHED = Pattern.compile("copied piece (\\d+) \\((\\w+)[^)]*\\) at read point \\d+: (\\d+) rows");
  private static final String PILOT = "servicedesk_v2_pilot";

  @TempDir Path dir;

  @Test
  void bothWorkersCopyPiecesAndTheSurvivorFinishesTheKilledOnesPiece() throws Exception {
    try (RealWorkerFixture fixture = RealWorkerFixture.withProduction(dir, DATA_ROWS, CHUNK_ROWS, ACTIVITIES_PER_WORKER);
        WorkerProcess first = fixture.worker("first-worker.out");
        WorkerProcess second = fixture.worker("second-worker.out")) {
      Path packageDir = SamplePackage.extractTo(dir);
      CliRun start = fixture.cli("pilot", "start", "--profile", "local", "--database", "servicedesk",
          "--package", packageDir.toString(), "--parallelism", "4");
      assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);

      WorkerProcess copier = awaitCopierMidPiece(fixture, first, second);
      WorkerProcess holder = copier == first ? second : first;
      String killedOutput = copier.output();
      copier.kill();

      PilotStatus status = fixture.awaitPhase(PilotPhase.READY);
      String survivorOutput = holder.output();
      assertThat(count(COPYING, killedOutput)).as("the killed worker copied its share:\n" + killedOutput)
          .isPositive();
      assertThat(count(COPIED, survivorOutput)).as("the surviving worker copied its share").isPositive();
      assertThat(survivorOutput).as("the killed worker's piece is taken over after its last chunk; killed:\n%s\nsurvivor:\n%s",
          pieceLines(killedOutput), pieceLines(survivorOutput))
          .containsPattern("resuming \\w+ (in range \\d+ of \\d+ )?after key");
      assertThat(status.history()).as("one read point all along")
          .noneSatisfy(line -> assertThat(line).contains("lost read point"));
      assertThat(status.lastVerification()).isNotEmpty().allSatisfy(
          check -> assertThat(check.matches()).as(check.toString()).isTrue());
      Map<String, Long> production = fixture.mappedProductionRows();
      assertThat(fixture.rowsOf(status.plan().pilotDatabase(), production.keySet())).isEqualTo(production);
    }
  }

  /**
   * The worker that copies without holding the read point, once the other has copied too and the
   * pilot holds committed rows of a piece only it is copying: more rows of the piece's table than
   * the table's finished pieces account for.
   */
  private static WorkerProcess awaitCopierMidPiece(RealWorkerFixture fixture, WorkerProcess first,
      WorkerProcess second) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(giveUp)) {
      String one = first.output();
      String two = second.output();
      boolean firstHolds = one.contains("holding read point 1");
      if (firstHolds != two.contains("holding read point 1")) {
        String copier = firstHolds ? two : one;
        String holder = firstHolds ? one : two;
        Map<Integer, String> copierInFlight = inFlight(copier);
        Map<Integer, String> holderInFlight = inFlight(holder);
        if (count(COPIED, holder) > 0 || !holderInFlight.isEmpty()) {
          for (String table : new java.util.HashSet<>(copierInFlight.values())) {
            if (!holderInFlight.containsValue(table) && committedBeyondFinished(fixture, table, one + two)) {
              return firstHolds ? second : first;
            }
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("never saw the worker without the read point commit rows of a piece:\n"
        + "first:\n" + pieceLines(first.output()) + "\nsecond:\n" + pieceLines(second.output()));
  }

  /** Pieces a worker started and has not finished, by number: their tables. */
  private static Map<Integer, String> inFlight(String output) {
    Map<Integer, String> pieces = new LinkedHashMap<>();
    Matcher started = PIECE_STARTED.matcher(output);
    while (started.find()) {
      pieces.put(Integer.parseInt(started.group(1)), started.group(2));
    }
    Matcher finished = PIECE_FINISHED.matcher(output);
    while (finished.find()) {
      pieces.remove(Integer.parseInt(finished.group(1)));
    }
    return pieces;
  }

  private static boolean committedBeyondFinished(RealWorkerFixture fixture, String table, String outputs) {
    long finishedRows = 0;
    Matcher finished = PIECE_FINISHED.matcher(outputs);
    while (finished.find()) {
      if (finished.group(2).equals(table)) {
        finishedRows += Long.parseLong(finished.group(3));
      }
    }
    try {
      return fixture.count(PILOT, "SELECT count(*) FROM " + table) > finishedRows;
    } catch (SQLException notYet) {
      return false;
    }
  }

  private static String pieceLines(String output) {
    return output.lines().filter(line -> line.contains("piece") || line.contains("resuming"))
        .map(line -> line.replaceAll("thread=.*msg=", "")).reduce("", (a, b) -> a + b + "\n");
  }

  private static long count(Pattern pattern, String output) {
    Matcher matcher = pattern.matcher(output);
    long found = 0;
    while (matcher.find()) {
      found++;
    }
    return found;
  }
}
