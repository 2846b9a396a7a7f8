package com.upgradectl.activities.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.activities.testing.CopyActivities;
import com.upgradectl.activities.testing.CopyFixture;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.ProgressReport;
import com.upgradectl.workflows.common.TableProgress;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A copy interrupted mid-table and run again ends with every row exactly once. */
class DataCopyResumeTest {
  private static final CopySettings SMALL_CHUNKS = new CopySettings(50);
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
    copierLogger().addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    copierLogger().detachAppender(log);
  }

  private static Logger copierLogger() {
    return (Logger) LoggerFactory.getLogger("com.upgradectl.activities.platform.postgres.PostgresCopyTable");
  }

  @Test
  void anImportInterruptedMidTableResumesAfterThePilotsLastKeyWithoutLosingOrDoublingARow() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    AtomicReference<TableProgress> interruptedAt = new AtomicReference<>();
    try (CopyActivities first = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        crashAfterChunks(5, interruptedAt), SMALL_CHUNKS)) {
      ApplicationFailure failure = CopyActivities.failureOf(() -> first.stub.importAllTables(fixture.plan(1)));
      assertThat(failure.getOriginalMessage()).contains("worker crashed");
    }
    String table = interruptedAt.get().table();
    long leftBehind = fixture.count(fixture.pilot, table);
    assertThat(leftBehind).as("committed chunks stay").isEqualTo(5 * 50L);

    try (CopyActivities second = CopyActivities.start(fixture)) {
      CopyResult result = second.stub.importAllTables(fixture.plan(1));

      CopyResult.TableCopied resumed = result.tables().stream().filter(t -> t.table().equals(table)).findFirst()
          .orElseThrow();
      assertThat(resumed.resumedAfterRows()).isEqualTo(leftBehind);
      assertThat(messages()).anySatisfy(m -> assertThat(m)
          .startsWith("resuming " + table + " after key [")
          .endsWith("(" + leftBehind + " rows already there)"));
      assertThat(result.verification().allMatch()).isTrue();
    }
    for (String each : CopyFixture.EXPECTED.keySet()) {
      assertThat(fixture.pilotRows(each)).as(each).isEqualTo(fixture.expectedRows(each));
    }
    assertThat(DataCopyImportTest.foreignKeys(fixture)).hasSize(4);
  }

  @Test
  void aTableWithACompositeKeyResumesAfterItsLastKeyRow() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    AtomicReference<TableProgress> interruptedAt = new AtomicReference<>();
    try (CopyActivities first = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        crashAfterChunks(3, "ticket_tags", interruptedAt), SMALL_CHUNKS)) {
      CopyActivities.failureOf(() -> first.stub.importAllTables(fixture.plan(2)));
    }
    assertThat(fixture.count(fixture.pilot, "ticket_tags")).isEqualTo(3 * 50L);

    try (CopyActivities second = CopyActivities.start(fixture)) {
      second.stub.importAllTables(fixture.plan(2));
    }
    assertThat(messages()).anySatisfy(m -> assertThat(m).matches("resuming ticket_tags after key \\[\\d+, .+\\] \\(150 rows already there\\)"));
    for (String each : CopyFixture.EXPECTED.keySet()) {
      assertThat(fixture.pilotRows(each)).as(each).isEqualTo(fixture.expectedRows(each));
    }
  }

  @Test
  void anImportOfTablesCutIntoRangesInterruptedMidWayResumesEveryRangeWhereItStopped() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    AtomicReference<TableProgress> interruptedAt = new AtomicReference<>();
    try (CopyActivities first = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        crashAfterChunks(9, "tickets", interruptedAt), DataCopyRangesTest.SMALL_RANGES)) {
      // four lanes: ticket_tags' three ranges leave one lane for tickets at once, and the others follow
      ApplicationFailure failure = CopyActivities.failureOf(() -> first.stub.importAllTables(fixture.plan(4)));
      assertThat(failure.getOriginalMessage()).contains("worker crashed");
    }
    long leftBehind = fixture.count(fixture.pilot, "tickets");
    assertThat(leftBehind).as("committed chunks stay, short of the whole table").isBetween(9 * 50L,
        fixture.count(fixture.production, "tickets") - 1);
    assertThat(fixture.count(fixture.pilot, "upgradectl_copy_ranges.boundaries")).as("the cut is kept for the retry")
        .isPositive();

    // The retry would not cut the table itself (default settings): it must follow the recorded cut.
    try (CopyActivities second = CopyActivities.start(fixture, CopyFixture.samplePackage(), ProgressSinkFactory.NONE,
        new CopySettings(50))) {
      CopyResult result = second.stub.importAllTables(fixture.plan(2));

      assertThat(result.tables().stream().filter(t -> t.table().equals("tickets")).findFirst().orElseThrow()
          .resumedAfterRows()).isEqualTo(leftBehind);
      assertThat(result.tables().stream().filter(t -> t.table().equals("tickets")).findFirst().orElseThrow()
          .rows()).isEqualTo(fixture.count(fixture.production, "tickets"));
      assertThat(messages()).anySatisfy(m -> assertThat(m)
          .matches("resuming tickets in range \\d of 5 after key \\[\\d+\\] \\(" + leftBehind
              + " rows of the table already there\\)"));
      assertThat(result.verification().allMatch()).isTrue();
    }
    for (String each : CopyFixture.EXPECTED.keySet()) {
      assertThat(fixture.pilotRows(each)).as(each).isEqualTo(fixture.expectedRows(each));
    }
    assertThat(fixture.rows(fixture.pilot, "SELECT to_regnamespace('upgradectl_copy_ranges')"))
        .containsExactly(java.util.Arrays.asList((String) null));
  }

  @Test
  void aResyncStagingTablesCutIntoRangesInterruptedMidWayResumesEveryRange() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      activities.stub.importAllTables(fixture.plan(2));
    }
    fixture.executeOn(fixture.production, "INSERT INTO tickets (category_id, subject, status, opened_at, priority)"
        + " SELECT 1, 'after import ' || i, 'open', now(), 2 FROM generate_series(1, 100) AS i");

    AtomicReference<TableProgress> interruptedAt = new AtomicReference<>();
    try (CopyActivities first = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        crashAfterChunks(7, "tickets", interruptedAt), DataCopyRangesTest.SMALL_RANGES)) {
      CopyActivities.failureOf(() -> first.stub.resyncDataTables(fixture.plan(3)));
    }
    long staged = fixture.count(fixture.pilot, "upgradectl_stage.tickets");
    assertThat(staged).isBetween(7 * 50L, fixture.count(fixture.production, "tickets") - 1);

    try (CopyActivities second = CopyActivities.start(fixture, CopyFixture.samplePackage(), ProgressSinkFactory.NONE,
        DataCopyRangesTest.SMALL_RANGES)) {
      CopyResult result = second.stub.resyncDataTables(fixture.plan(3));
      assertThat(result.tables().stream().filter(t -> t.table().equals("tickets")).findFirst().orElseThrow()
          .resumedAfterRows()).isEqualTo(staged);
      assertThat(result.verification().allMatch()).isTrue();
    }
    assertThat(messages()).anySatisfy(m -> assertThat(m).startsWith("resuming tickets in range "));
    for (String each : List.of("tickets", "ticket_details", "ticket_tags", "audit_log")) {
      assertThat(fixture.pilotRows(each)).as(each).isEqualTo(fixture.expectedRows(each));
    }
  }

  @Test
  void aResumedTableThatProductionChangedSinceIsCopiedAgainAtTheNewReadPoint() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    AtomicReference<TableProgress> interruptedAt = new AtomicReference<>();
    try (CopyActivities first = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        crashAfterChunks(5, interruptedAt), SMALL_CHUNKS)) {
      CopyActivities.failureOf(() -> first.stub.importAllTables(fixture.plan(1)));
    }
    assertThat(interruptedAt.get().table()).isEqualTo("tickets");
    // Rows the first attempt already copied change, one disappears, one arrives.
    fixture.executeOn(fixture.production, "UPDATE tickets SET subject = 'changed after the crash' WHERE id = 3;"
        + " DELETE FROM ticket_tags WHERE ticket_id = 10; DELETE FROM tickets WHERE id = 10;"
        + " INSERT INTO tickets (category_id, subject, status, opened_at, priority) VALUES (1, 'late', 'open', now(), 1)");

    try (CopyActivities second = CopyActivities.start(fixture, CopyFixture.samplePackage(), ProgressSinkFactory.NONE,
        SMALL_CHUNKS)) {
      CopyResult result = second.stub.importAllTables(fixture.plan(2));
      assertThat(result.verification().allMatch()).isTrue();
    }
    for (String each : CopyFixture.EXPECTED.keySet()) {
      assertThat(fixture.pilotRows(each)).as(each).isEqualTo(fixture.expectedRows(each));
    }
  }

  @Test
  void aResyncInterruptedWhileStagingLeavesThePilotAsItWasAndResumesItsStagedRows() throws Exception {
    CopyFixture fixture = CopyFixture.create(postgres);
    try (CopyActivities activities = CopyActivities.start(fixture)) {
      activities.stub.importAllTables(fixture.plan(2));
    }
    fixture.executeOn(fixture.production, "INSERT INTO tickets (category_id, subject, status, opened_at, priority)"
        + " SELECT 1, 'after import ' || i, 'open', now(), 2 FROM generate_series(1, 100) AS i");
    List<List<String>> pilotBefore = fixture.pilotRows("tickets");

    AtomicReference<TableProgress> interruptedAt = new AtomicReference<>();
    try (CopyActivities first = CopyActivities.start(fixture, CopyFixture.samplePackage(),
        crashAfterChunks(4, interruptedAt), SMALL_CHUNKS)) {
      CopyActivities.failureOf(() -> first.stub.resyncDataTables(fixture.plan(1)));
    }
    assertThat(fixture.pilotRows("tickets")).as("the pilot's readers saw nothing of it").isEqualTo(pilotBefore);
    String table = interruptedAt.get().table();
    assertThat(fixture.count(fixture.pilot, "upgradectl_stage." + table)).isEqualTo(4 * 50L);

    try (CopyActivities second = CopyActivities.start(fixture, CopyFixture.samplePackage(), ProgressSinkFactory.NONE,
        SMALL_CHUNKS)) {
      CopyResult result = second.stub.resyncDataTables(fixture.plan(1));
      assertThat(result.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow()
          .resumedAfterRows()).isEqualTo(4 * 50L);
    }
    for (String each : List.of("tickets", "ticket_details", "ticket_tags", "audit_log")) {
      assertThat(fixture.pilotRows(each)).as(each).isEqualTo(fixture.expectedRows(each));
    }
    assertThat(fixture.rows(fixture.pilot, "SELECT to_regnamespace('upgradectl_stage')"))
        .containsExactly(java.util.Arrays.asList((String) null));
  }

  /**
   * A sink that lets {@code chunks} chunks commit and then fails the copy, like a worker dying right
   * after a commit, before its heartbeat.
   */
  private static ProgressSinkFactory crashAfterChunks(int chunks, AtomicReference<TableProgress> at) {
    return crashAfterChunks(chunks, null, at);
  }

  /** @param table only chunks of this table count, or any table when null */
  private static ProgressSinkFactory crashAfterChunks(int chunks, String table, AtomicReference<TableProgress> at) {
    AtomicInteger committed = new AtomicInteger();
    Map<String, Long> rowsSeen = new ConcurrentHashMap<>();
    ProgressSink sink = (ProgressReport report) -> {
      // A report follows every change of any table: a chunk of a table is a report where its rows grew.
      for (TableProgress t : report.tables()) {
        long before = rowsSeen.getOrDefault(t.table(), 0L);
        rowsSeen.put(t.table(), t.rowsDone());
        boolean chunk = t.rowsDone() > before && t.bytesDone() > 0;
        if (chunk && (table == null || t.table().equals(table)) && committed.incrementAndGet() == chunks) {
          at.set(t);
          throw new IllegalStateException("worker crashed after " + chunks + " chunks of " + t.table());
        }
      }
    };
    return activity -> sink;
  }

  private List<String> messages() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
