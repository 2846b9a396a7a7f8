package com.upgradectl.workflows.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.TableProgress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurrentDetailsTest {

  @Test
  void showsWhatTheOperatorWatchesFor() {
    PilotStatus status = new PilotStatus(PilotWorkflowTesting.PLAN, PilotPhase.SWITCH_SCHEDULED, null,
        Instant.parse("2026-06-01T22:00:00Z"), 2, List.of(), List.of("categories", "settings"), List.of(), List.of(),
        "refresh #3 failed at step 're-import data records': connection refused");

    assertThat(CurrentDetails.render(status, Instant.parse("2026-06-01T21:00:00Z"))).isEqualTo("""
        **Phase:** SWITCH_SCHEDULED · **production** servicedesk · **pilot** servicedesk_v2_pilot · **profile** local

        **Switch scheduled at:** 2026-06-01T22:00:00Z

        **Refreshes:** 2

        **Configuration changed in production since the pilot was created:** categories, settings

        **Last failure:** refresh #3 failed at step 're-import data records': connection refused

        **Next:**
        - re-schedule: `upgradectl pilot switch --at TIME --profile local --database servicedesk`
        - cancel the scheduled switch: `upgradectl pilot cancel-switch --profile local --database servicedesk`
        - abandon the pilot: `upgradectl pilot abandon --profile local --database servicedesk`
        """);
  }

  @Test
  void rendersOneRowPerTableWithItsPercentage() {
    PilotStatus status = new PilotStatus(PilotWorkflowTesting.PLAN, PilotPhase.REFRESHING, "re-import data records",
        null, 0, List.of(
            new TableProgress("tickets", 1_234_567, 2_000_000, 0, false),
            new TableProgress("comments", 0, 0, 0, false),
            new TableProgress("computers", 10, 10, 0, true)),
        List.of(), List.of(), List.of(), null);

    assertThat(CurrentDetails.render(status, Instant.parse("2026-06-01T21:00:00Z"))).isEqualTo("""
        **Phase:** REFRESHING · **production** servicedesk · **pilot** servicedesk_v2_pilot · **profile** local

        **Step:** re-import data records

        **Rows:** 1,234,577 of 2,000,010 (61%) · **tables done:** 1 of 3

        | Table | Rows done | Rows total | % |
        |---|---:|---:|---:|
        | tickets | 1,234,567 | 2,000,000 | 61% |
        | comments | 0 | 0 | – |
        | computers | 10 | 10 | 100% |

        **Next:**
        - follow it: `upgradectl watch --profile local --database servicedesk`
        """);
  }
}
