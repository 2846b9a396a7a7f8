package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.TableProgress;
import com.upgradectl.workflows.pilot.PilotFacts;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.SwitchBackReport;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `status` shows an operator. */
class StatusTextTest {
  private static final PilotPlan PLAN = PilotPlan.withDefaults("embedded", "servicedesk", null, null,
      new PackageRef("/pkg/servicedesk-1-to-2", "abc123", "servicedesk", "1", "2"), 2);

  @Test
  void showsTheStepWithPerTableProgressAndTheSchedule() {
    PilotStatus status = new PilotStatus(PLAN, PilotPhase.SWITCH_SCHEDULED, "re-import data records",
        Instant.parse("2030-05-01T20:00:00Z"), 1,
        List.of(new TableProgress("tickets", 500, 1000, 60_000, false),
            new TableProgress("comments", 2000, 2000, 250_000, true)),
        List.of(), List.of(), List.of("2030-05-01T10:00:00Z created servicedesk_v2_pilot"), null);

    String text = StatusText.render("pilot-upgrade/embedded/servicedesk", status, ZoneId.of("Europe/Paris"));

    assertThat(text).contains("""
        upgrade       pilot-upgrade/embedded/servicedesk
        production    servicedesk on profile embedded
        pilot         servicedesk_v2_pilot (production becomes servicedesk_v1_archive at the switch)
        package       servicedesk 1 -> 2 (/pkg/servicedesk-1-to-2)
        phase         SWITCH_SCHEDULED (refreshed 1 time)
        step          re-import data records
        switch at     2030-05-01 22:00:00 +02:00
        progress      2,500 of 3,000 rows
          tickets                  500 / ~1,000 rows (50%)
          comments                 done, 2,000 rows, 0.3 MB
        history
          2030-05-01 12:00:00 +02:00  created servicedesk_v2_pilot
        """);
  }

  @Test
  void showsWhatThePilotHoldsItsWarningsAndARefusedSwitch() {
    PilotFacts facts = new PilotFacts(Instant.parse("2030-05-01T10:00:00Z"), 6, 300_000,
        Instant.parse("2030-05-02T10:00:00Z"), 1_200, List.of("production table audit_log is not read by the package"),
        "2030-05-02T11:00:00Z switch requested now, refused by the guardrails, nothing was changed: archive name is taken");
    PilotStatus status = new PilotStatus(PLAN, PilotPhase.READY, null, null, 1, List.of(), List.of(), List.of(),
        List.of(), null, null, null, List.of(), null, null, null, facts, null);

    String text = StatusText.render("pilot-upgrade/embedded/servicedesk", status, ZoneId.of("UTC"));

    assertThat(text).contains("""
        imported      6 tables, 300,000 rows, at 2030-05-01 10:00:00 +00:00; last refresh at 2030-05-02 10:00:00 +00:00, 1,200 rows
        warning       production table audit_log is not read by the package
        """).contains("refused       2030-05-02T11:00:00Z switch requested now, refused by the guardrails, nothing was"
        + " changed: archive name is taken\n");
  }

  @Test
  void namesDriftAndEveryMismatchWithBothSides() {
    PilotStatus status = new PilotStatus(PLAN, PilotPhase.READY, null, null, 2, List.of(),
        List.of("categories", "settings"),
        List.of(new TableCheck("tickets", 100, 99, "aa11", "bb22"), new TableCheck("comments", 5, 5, "cc", "cc")),
        List.of(), "refresh #2: the re-imported data records do not match production");

    String text = StatusText.render("pilot-upgrade/embedded/servicedesk", status, ZoneId.of("UTC"));

    assertThat(text)
        .contains("drift         configuration changed in production since the pilot was created: categories, settings")
        .contains("verified      1 of 2 tables DO NOT match production")
        .contains("  tickets                  expected 100 rows (checksum aa11), found 99 (checksum bb22)")
        .doesNotContain("  comments ")
        .contains("failure       refresh #2: the re-imported data records do not match production");
  }

  @Test
  void showsUntilWhenASwitchBackIsPossible() {
    PilotStatus status = new PilotStatus(PLAN, PilotPhase.SWITCHED, null, null, 0, List.of(), List.of(), List.of(),
        List.of(), null, Instant.parse("2030-05-01T22:00:00Z"), null);

    String text = StatusText.render("pilot-upgrade/embedded/servicedesk", status, ZoneId.of("Europe/Paris"));

    assertThat(text).contains("switch-back   possible until 2030-05-02 00:00:00 +02:00:"
        + " upgradectl pilot switch-back");
  }

  @Test
  void listsTheRowsWrittenSinceTheSwitchAndSaysWhereTheRestIs() {
    SwitchBackReport report = new SwitchBackReport("servicedesk_v2_switched_back", List.of(
        new SwitchBackReport.TableChanges("tickets", List.of("id"), 1, 0, 0, List.of(new SwitchBackReport.RowChange(
            SwitchBackReport.Kind.INSERTED, "{\"id\": 7}", "INSERT INTO \"tickets\" (\"id\") VALUES ('7');"))),
        new SwitchBackReport.TableChanges("comments", List.of("id"), 0, 0, 3, List.of(new SwitchBackReport.RowChange(
            SwitchBackReport.Kind.DELETED, "{\"id\": 3}", "DELETE FROM \"comments\" WHERE \"id\" = '3';")))),
        1, "SELECT * FROM upgradectl_switch_back.changes");
    PilotStatus status = new PilotStatus(PLAN, PilotPhase.SWITCHED_BACK, null, null, 0, List.of(), List.of(), List.of(),
        List.of(), null, null, report);

    String text = StatusText.render("pilot-upgrade/embedded/servicedesk", status, ZoneId.of("UTC"));

    assertThat(text).contains("""
          tickets                  1 inserted, 0 updated, 0 deleted
            INSERT INTO "tickets" ("id") VALUES ('7');
          comments                 0 inserted, 0 updated, 3 deleted
            DELETE FROM "comments" WHERE "id" = '3';
            (2 more not listed here)
        the complete list is kept in servicedesk_v2_switched_back: SELECT * FROM upgradectl_switch_back.changes
        """);
  }
}
