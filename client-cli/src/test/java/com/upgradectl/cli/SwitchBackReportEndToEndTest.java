package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch-back report through the CLI, against a real worker: rows inserted, updated and
 * deleted in the new production after the switch are each listed with the statement that enters
 * them again, integer keys written as numbers.
 */
class SwitchBackReportEndToEndTest {
  private static final String[] TARGET = {"--profile", "local", "--database", "servicedesk"};

  @TempDir Path dir;

  @Test
  void switchBackListsInsertedUpdatedAndDeletedRowsWithIntegerKeysUnquoted() throws Exception {
    try (RealWorkerFixture fixture = RealWorkerFixture.withProduction(dir, 300, 1_000);
        WorkerProcess worker = fixture.worker("worker.out")) {
      CliRun start = fixture.cli(with("pilot", "start", "--package", SamplePackage.extractTo(dir).toString(),
          "--switch-back-grace", "2h"));
      assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
      fixture.awaitPhase(PilotPhase.READY);
      CliRun switchNow = fixture.cli(with("pilot", "switch"));
      assertThat(switchNow.exitCode()).as(switchNow.toString()).isEqualTo(ExitCodes.OK);
      fixture.awaitPhase(PilotPhase.SWITCHED);

      // the application writes to the new production (version 2) after the switch
      long newTicket = fixture.count("servicedesk", "INSERT INTO tickets (summary, category_id, priority_id,"
          + " created_at) VALUES ('written after the switch', (SELECT min(id) FROM categories),"
          + " (SELECT min(id) FROM priorities), now()) RETURNING id");
      long updatedTicket = fixture.count("servicedesk", "SELECT min(id) FROM tickets");
      fixture.execute("servicedesk", "UPDATE tickets SET status = 'closed' WHERE id = " + updatedTicket);
      long deletedComment = fixture.count("servicedesk", "SELECT max(id) FROM comments c"
          + " WHERE NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id)");
      fixture.execute("servicedesk", "DELETE FROM comments WHERE id = " + deletedComment);

      CliRun back = fixture.cli(with("pilot", "switch-back"));

      assertThat(back.exitCode()).as(back.toString()).isEqualTo(ExitCodes.OK);
      assertThat(back.out())
          .contains("  tickets                  1 inserted, 1 updated, 0 deleted\n")
          .contains("  comments                 0 inserted, 0 updated, 1 deleted\n")
          .contains("    INSERT INTO \"tickets\" (\"id\", ")
          .contains(") VALUES (" + newTicket + ", ")
          .containsPattern("\n    UPDATE \"tickets\" SET .*\"status\" = 'closed'.* WHERE \"id\" = " + updatedTicket + ";\n")
          .contains("\n    DELETE FROM \"comments\" WHERE \"id\" = " + deletedComment + ";\n");

      PilotStatus status = fixture.status();
      assertThat(status.phase()).isEqualTo(PilotPhase.SWITCHED_BACK);
      assertThat(status.switchBackReport().tables()).filteredOn(t -> t.table().equals("tickets")).singleElement()
          .satisfies(tickets -> assertThat(tickets.rows()).extracting(SwitchBackReport.RowChange::key)
              .containsExactlyInAnyOrder("{\"id\": " + newTicket + "}", "{\"id\": " + updatedTicket + "}"));
    }
  }

  private static String[] with(String... command) {
    String[] all = java.util.Arrays.copyOf(command, command.length + TARGET.length);
    System.arraycopy(TARGET, 0, all, command.length, TARGET.length);
    return all;
  }
}
