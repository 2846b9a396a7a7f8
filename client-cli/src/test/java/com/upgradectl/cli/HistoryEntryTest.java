package com.upgradectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history as `status` gives it: entries with a time, a kind and fields for scripts, readable lines for people. */
class HistoryEntryTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void aLineIsReadIntoItsTimeKindAndFields() {
    HistoryEntry imported = HistoryEntry.parse("2030-05-01T10:00:00Z imported 12 tables, 28802 rows, 33529384 bytes"
        + " in 6213 ms; verified at read point 00000003-1");

    assertThat(imported.at()).isEqualTo(Instant.parse("2030-05-01T10:00:00Z"));
    assertThat(imported.kind()).isEqualTo("imported");
    assertThat(imported.fields()).containsExactly(Map.entry("tables", 12L), Map.entry("rows", 28_802L),
        Map.entry("bytes", 33_529_384L), Map.entry("millis", 6_213L));
    assertThat(imported.json(PARIS)).containsEntry("at", "2030-05-01T12:00:00+02:00").containsEntry("kind", "imported")
        .containsEntry("rows", 28_802L);
    assertThat(imported.shown(PARIS))
        .isEqualTo("2030-05-01 12:00:00 +02:00  imported 12 tables, 28,802 rows, 33.5 MB in 6.2 s; verified at read"
            + " point 00000003-1");

    HistoryEntry renamed = HistoryEntry.parse("2030-05-01T10:05:00Z renamed servicedesk to servicedesk_v1_archive");
    assertThat(renamed.kind()).isEqualTo("renamed");
    assertThat(renamed.fields()).containsEntry("from", "servicedesk").containsEntry("to", "servicedesk_v1_archive");

    assertThat(HistoryEntry.parse("2030-05-01T10:07:00Z dropped the migration history table of servicedesk").fields())
        .containsEntry("database", "servicedesk");
    assertThat(HistoryEntry.parse("2030-05-01T10:07:00Z dropped the pilot database servicedesk_v2_pilot; production"
        + " servicedesk is as it was").fields()).containsEntry("database", "servicedesk_v2_pilot");
    assertThat(HistoryEntry.parse("2030-05-01T10:08:00Z froze servicedesk (the new production)").fields())
        .containsEntry("database", "servicedesk");

    HistoryEntry unknown = HistoryEntry.parse("2030-05-01T10:06:00Z something new the CLI has no rule for");
    assertThat(unknown.kind()).isEqualTo(HistoryEntry.NOTE);
    assertThat(unknown.text()).isEqualTo("something new the CLI has no rule for");
  }

  @Test
  void warningsAreAListOfTheirOwn() throws Exception {
    List<String> history = List.of(
        "2030-05-01T10:00:00Z preflight passed: postgresql, 3 configuration table (a, b, c), 2 data-record table"
            + " (d, e), about 28802 rows; warnings: table legacy_notes is not in version 2: its 12 rows are not"
            + " imported; role admin is a superuser",
        "2030-05-01T11:00:00Z WARNING: the pilot's change capture could not be removed from servicedesk (gone)");
    PilotStatus status = new PilotStatus(null, PilotPhase.READY, null, null, 0, List.of(), List.of(), List.of(),
        history, null);

    JsonNode json = Json.MAPPER.valueToTree(StatusJson.of("pilot-upgrade/embedded/servicedesk", status, history,
        ZoneId.of("UTC")));

    assertThat(json.path("workflowId").asText()).isEqualTo("pilot-upgrade/embedded/servicedesk");
    JsonNode preflight = json.path("history").get(0);
    assertThat(preflight.path("kind").asText()).isEqualTo("preflight-passed");
    assertThat(preflight.path("at").asText()).isEqualTo("2030-05-01T10:00:00Z");
    assertThat(preflight.path("rows").asLong()).isEqualTo(28_802);
    assertThat(Json.MAPPER.treeToValue(preflight.path("warnings"), List.class)).containsExactly(
        "table legacy_notes is not in version 2: its 12 rows are not imported", "role admin is a superuser");
    assertThat(json.path("history").get(1).path("kind").asText()).isEqualTo(HistoryEntry.WARNING);
    assertThat(Json.MAPPER.treeToValue(json.path("warnings"), List.class)).containsExactly(
        "table legacy_notes is not in version 2: its 12 rows are not imported", "role admin is a superuser",
        "the pilot's change capture could not be removed from servicedesk (gone)");
    assertThat(PreflightVerdict.warnings(history)).hasSize(2);
  }
}
