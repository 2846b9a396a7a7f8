package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.examples.SampleProduction;
import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with -9 in the middle of importing a table, against a Temporal server and a
 * PostgreSQL it did not start: the next worker resumes that table after its last committed chunk
 * and the pilot ends with exactly production's rows.
 */
class WorkerKilledMidImportTest {
  private static final int DATA_ROWS = 1_000_000;
  private static final int CHUNK_ROWS = 1_000;

  @TempDir Path dir;

  @Test
  void theNextWorkerResumesTheInterruptedTableAndThePilotHasExactlyProductionsRows() throws Exception {
    try (RealWorkerFixture fixture = RealWorkerFixture.withProduction(dir, DATA_ROWS, CHUNK_ROWS)) {
      Path packageDir = SamplePackage.extractTo(dir);

      TableProgress interrupted;
      try (WorkerProcess first = fixture.worker("first-worker.out")) {
        CliRun start = fixture.cli("pilot", "start", "--profile", "local", "--database", "servicedesk",
            "--package", packageDir.toString());
        assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
        interrupted = awaitTableHalfwayThrough(fixture);
        first.kill();
      }

      try (WorkerProcess second = fixture.worker("second-worker.out")) {
        PilotStatus status = fixture.awaitPhase(PilotPhase.READY);

        // a large table is copied in key ranges: its log names the range it resumes
        assertThat(second.output()).containsPattern("resuming " + interrupted.table() + " (in range \\d+ of \\d+ )?after key");
        assertThat(status.lastVerification()).isNotEmpty().allSatisfy(
            check -> assertThat(check.matches()).as(check.toString()).isTrue());
        // data records: the verification's expected rows, and production counted directly, are the pilot's rows
        Map<String, Long> production = mappedProductionRows(fixture);
        Map<String, Long> verified = new LinkedHashMap<>();
        status.lastVerification().stream().filter(check -> production.containsKey(check.table()))
            .forEach(check -> verified.put(check.table(), check.expectedRows()));
        Map<String, Long> pilotRows = countRows(fixture, status.plan().pilotDatabase(), production.keySet());
        assertThat(verified).isEqualTo(production);
        assertThat(pilotRows).isEqualTo(production);
        assertThat(pilotRows.get(interrupted.table())).isGreaterThan(interrupted.rowsDone());
      }
    }
  }

  /**
   * The largest table of the import with committed chunks behind it and at least half still to copy,
   * as the pilot's own rows show (the copy is quicker than the progress signals, at most one per 2 s).
   */
  private static TableProgress awaitTableHalfwayThrough(RealWorkerFixture fixture) throws Exception {
    String table = "tickets";
    long total = fixture.count("servicedesk", "SELECT count(*) FROM " + table);
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
    String pilot = null;
    while (Instant.now().isBefore(giveUp)) {
      if (pilot == null) {
        PilotStatus status = fixture.status();
        assertThat(status.phase()).as("the pilot must still be on its way to READY")
            .isIn(PilotPhase.PREFLIGHT, PilotPhase.CREATING);
        pilot = status.plan() == null ? null : status.plan().pilotDatabase();
      } else {
        try {
          long copied = fixture.count(pilot, "SELECT count(*) FROM " + table);
          if (copied > 0 && copied * 2 < total) {
            return new TableProgress(table, copied, total, 0, false);
          }
          assertThat(copied).as("the kill must come while " + table + " is half copied").isLessThan(total);
        } catch (SQLException notYet) {
          // the pilot database or its table is not there yet
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no table was seen half copied:\n" + fixture.status());
  }

  /** Rows per table, counted in the pilot directly. */
  private static Map<String, Long> countRows(RealWorkerFixture fixture, String database, Iterable<String> tables)
      throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : tables) {
      rows.put(table, fixture.count(database, "SELECT count(*) FROM " + table));
    }
    return rows;
  }

  /** The data tables the package maps one to one from production, and the one it splits out of tickets. */
  private static Map<String, Long> mappedProductionRows(RealWorkerFixture fixture) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : SampleProduction.DATA_TABLES) {
      rows.put(table, fixture.count("servicedesk", "SELECT count(*) FROM " + table));
    }
    rows.put("ticket_details", fixture.count("servicedesk",
        "SELECT count(*) FROM tickets WHERE description IS NOT NULL OR resolution IS NOT NULL"));
    return rows;
  }
}
