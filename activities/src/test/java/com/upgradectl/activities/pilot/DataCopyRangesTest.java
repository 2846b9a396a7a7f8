package com.upgradectl.activities.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.activities.testing.CopyActivities;
import com.upgradectl.activities.testing.CopyFixture;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Large tables cut into key ranges that lanes copy side by side arrive exactly as production holds
 * them, and are reported as whole tables. Ranges of at least 200 rows (four chunks of 50) make the
 * fixture's tickets (about 1,000 rows) five ranges and its ticket_tags (composite key) three.
 */
class DataCopyRangesTest {
  static final CopySettings SMALL_RANGES = new CopySettings(50).withMinimumRangeRows(1);
  private static EmbeddedPostgres postgres;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void captureLog() {
    log.start();
    plannerLogger().addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    plannerLogger().detachAppender(log);
  }

  private static Logger plannerLogger() {
    return (Logger) LoggerFactory.getLogger("com.upgradectl.activities.platform.postgres.PostgresParallelCopy");
  }

  @Test
  void tablesCutIntoRangesAreCopiedExactlyAndReportedPerTable() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    List<ProgressReport> reports = new CopyOnWriteArrayList<>();
    ProgressSinkFactory recording = activity -> reports::add;

    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage(), recording,
        SMALL_RANGES)) {
      CopyResult result = activities.stub.importAllTables(fixture.plan(2));

      assertThat(messages()).anySatisfy(m -> assertThat(m).matches("copying tickets \\(about \\d+ rows\\) in 5 key ranges"))
          .anySatisfy(m -> assertThat(m).matches("copying ticket_tags \\(about \\d+ rows\\) in 3 key ranges"));
      for (String table : CopyFixture.EXPECTED.keySet()) {
        assertThat(fixture.pilotRows(table)).as(table).isEqualTo(fixture.expectedRows(table));
      }
      assertThat(result.verification().allMatch()).isTrue();
      for (CopyResult.TableCopied copied : result.tables()) {
        assertThat(copied.rows()).as(copied.table()).isEqualTo(fixture.count(fixture.pilot, copied.table()));
        assertThat(copied.resumedAfterRows()).isZero();
        assertThat(copied.bytes()).isPositive();
      }
      assertThat(activities.meters.get(CopyMetrics.DURATION).timers()).as("one duration per table").hasSize(6);
      assertThat(activities.heartbeats()).isNotEmpty().allSatisfy(h -> assertThat(h.lastChunk().rows())
          .as("the checkpoint counts the table's rows, all ranges together")
          .isLessThanOrEqualTo(fixture.count(fixture.pilot, h.lastChunk().table())));
    }
    assertThat(fixture.rows(fixture.pilot, "SELECT to_regnamespace('upgradectl_copy_ranges')"))
        .as("the cut is forgotten once the copy is complete").containsExactly(Arrays.asList((String) null));

    // A table's rows only grow while its ranges copy (started once), and it is done once, exact.
    Map<String, Long> rowsSeen = new HashMap<>();
    Map<String, Integer> doneSeen = new HashMap<>();
    for (ProgressReport report : reports) {
      for (TableProgress t : report.tables()) {
        if (report.step().equals("import: copying")) {
          assertThat(t.rowsDone()).as(t.table()).isGreaterThanOrEqualTo(rowsSeen.getOrDefault(t.table(), 0L));
          rowsSeen.put(t.table(), t.rowsDone());
        }
        if (t.done() && !doneSeen.containsKey(t.table())) {
          doneSeen.put(t.table(), 1);
          assertThat(t.rowsDone()).as(t.table()).isEqualTo(fixture.count(fixture.pilot, t.table()));
        }
      }
    }
    assertThat(doneSeen).containsOnlyKeys(CopyFixture.EXPECTED.keySet());
  }

  @Test
  void aResyncStagesTablesCutIntoRangesExactly() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      activities.stub.importAllTables(fixture.plan(2));
    }
    fixture.executeOn(fixture.production, "INSERT INTO tickets (category_id, subject, status, opened_at, priority)"
        + " SELECT 1, 'after import ' || i, 'open', now(), 2 FROM generate_series(1, 300) AS i;"
        + " DELETE FROM ticket_tags WHERE ticket_id < 100; ANALYZE");

    try (CopyActivities activities = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        ProgressSinkFactory.NONE, SMALL_RANGES)) {
      CopyResult result = activities.stub.resyncDataTables(fixture.plan(3));
      assertThat(result.verification().allMatch()).isTrue();
    }
    assertThat(messages()).anySatisfy(m -> assertThat(m).startsWith("copying tickets (about "));
    for (String table : List.of("tickets", "ticket_details", "ticket_tags", "audit_log")) {
      assertThat(fixture.pilotRows(table)).as(table).isEqualTo(fixture.expectedRows(table));
    }
  }

  private List<String> messages() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
