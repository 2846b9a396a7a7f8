package com.upgradectl.activities.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopyCheckpoint;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressHeartbeatTest {

  @Test
  void eachHeartbeatNamesTheTablesTheLanesAreCopyingAndPassesTheReportsOn() {
    List<Object> beats = new ArrayList<>();
    List<ProgressReport> passedOn = new ArrayList<>();
    ProgressHeartbeat heartbeat = new ProgressHeartbeat(beats::add);
    ProgressSink sink = heartbeat.tee(passedOn::add);

    ProgressReport report = new ProgressReport("import: copying", List.of(
        new TableProgress("categories", 40, 40, 0, true),
        new TableProgress("tickets", 120_000, 400_000, 0, false),
        new TableProgress("comments", 0, 900_000, 0, false),
        new TableProgress("computers", 5_000, 20_000, 0, false)));
    sink.report(report);
    heartbeat.beat(new CopyCheckpoint("comments", List.of("17"), 10_000));

    assertThat(passedOn).containsExactly(report);
    assertThat(beats).containsExactly(new CopyHeartbeat("import: copying", List.of(
        "tickets: 120,000 of ~400,000 rows", "comments: 0 of ~900,000 rows", "computers: 5,000 of ~20,000 rows"),
        1, 4, new CopyCheckpoint("comments", List.of("17"), 10_000)));
  }

  @Test
  void aCheckThatReportsNoProgressStillNamesTheTableOfItsLastChunk() {
    List<Object> beats = new ArrayList<>();
    ProgressHeartbeat heartbeat = new ProgressHeartbeat(beats::add);

    heartbeat.beat(new CopyCheckpoint("tickets", List.of(), 300));

    assertThat(beats).containsExactly(new CopyHeartbeat(null, List.of("tickets: 300 rows"), 0, 0,
        new CopyCheckpoint("tickets", List.of(), 300)));
  }
}
