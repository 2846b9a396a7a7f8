package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.ColumnInfo;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.platform.sqlserver.SqlServerChangeCapture.TableState;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the refreshes' Change Tracking capture sends, in which order, through a {@link
 * RecordingExecutor}: it turns on only what is off, marks it first, keeps each table's column digest,
 * turns off only what it marked (or hands it to a running switch-back record), and says why a
 * table's record cannot be trusted.
 */
class SqlServerChangeCaptureOrderTest {
  private static final TableInfo TICKET = new TableInfo("dbo", "ticket", 1,
      List.of(new ColumnInfo("id", "int", false, false, false, true)), List.of("id"), 100);
  private static final TableInfo HEAP = new TableInfo("dbo", "heap", 2, List.of(), List.of(), 10);
  /** The digest of a table whose signature query answers no row. */
  private static final String EMPTY_DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private final RecordingExecutor executor = new RecordingExecutor();
  private final SqlServerChangeCapture capture = new SqlServerChangeCapture(executor);

  private void databaseTracked(boolean tracked) {
    executor.answer(SqlServerChangeTrackingStatements.databaseTracked(), List.of(tracked ? 1 : 0));
  }

  private void properties(String... names) {
    executor.answer(propertiesQuery(), java.util.Arrays.stream(names).map(n -> List.<Object>of(n, "x"))
        .toArray(List[]::new));
  }

  private static Tsql propertiesQuery() {
    return SqlServerChangeTrackingStatements.databasePropertiesNamed(SqlServerCaptureStatements.DATABASE_PROPERTY,
        SqlServerChangeTrackingStatements.DATABASE_PROPERTY, SqlServerChangeTrackingStatements.SINCE_PROPERTY);
  }

  @Test
  void installMarksAndTurnsOnTheDatabaseAndEachKeyedTableThenKeepsItsColumnDigest() throws SQLException {
    databaseTracked(false);

    capture.install(null, List.of(TICKET, HEAP));

    assertThat(executor.changes()).containsExactly(
        "EXEC sys.sp_addextendedproperty @name = ?, @value = ?",
        "ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 35 DAYS, AUTO_CLEANUP = ON)",
        SqlServerChangeTrackingStatements.markTable("x", "y", "dbo", "ticket").text(),
        "ALTER TABLE [dbo].[ticket] ENABLE CHANGE_TRACKING",
        SqlServerChangeTrackingStatements.markTable("x", "y", "dbo", "ticket").text());
    assertThat(executor.changes()).noneMatch(s -> s.contains("heap"));
  }

  @Test
  void changeTrackingTheApplicationTurnedOnIsUsedAsItIsAndARetryChangesNothing() throws SQLException {
    databaseTracked(true);
    executor.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "ticket"));

    capture.install(null, List.of(TICKET));
    assertThat(executor.changes()).hasSize(1).allMatch(s -> s.startsWith("EXEC sys.sp_addextendedproperty"));

    RecordingExecutor again = new RecordingExecutor();
    again.answer(SqlServerChangeTrackingStatements.databaseTracked(), List.of(1));
    again.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "ticket"));
    again.answer(SqlServerCaptureStatements.columnDigests(), List.of("dbo", "ticket", EMPTY_DIGEST));
    new SqlServerChangeCapture(again).install(null, List.of(TICKET));
    assertThat(again.changes()).isEmpty();
  }

  @Test
  void removeTurnsOffOnlyWhatItMarkedAndDropsItsMarks() throws SQLException {
    databaseTracked(true);
    properties(SqlServerCaptureStatements.DATABASE_PROPERTY);
    executor.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "ticket"), List.of("dbo", "audit"));
    executor.answer(SqlServerChangeTrackingStatements.markedTables(SqlServerCaptureStatements.TABLE_PROPERTY),
        List.of("dbo", "ticket"));
    executor.answer(SqlServerCaptureStatements.columnDigests(), List.of("dbo", "ticket", "d"), List.of("dbo", "audit", "d"));

    capture.remove(null);

    assertThat(executor.changes()).containsExactly(
        "ALTER TABLE [dbo].[ticket] DISABLE CHANGE_TRACKING",
        SqlServerChangeTrackingStatements.unmarkTable("x", "dbo", "ticket").text(),
        SqlServerChangeTrackingStatements.unmarkTable("x", "dbo", "ticket").text(),
        SqlServerChangeTrackingStatements.unmarkTable("x", "dbo", "audit").text(),
        "ALTER DATABASE CURRENT SET CHANGE_TRACKING = OFF",
        SqlServerChangeTrackingStatements.dropDatabaseProperty("x").text(),
        SqlServerCaptureStatements.dropAppliedTable().text(),
        SqlServerCaptureStatements.dropSchema().text());
    assertThat(executor.changes()).noneMatch(s -> s.contains("[audit] DISABLE"));
  }

  @Test
  void aRunningSwitchBackRecordIsHandedWhatTheCaptureTurnedOnInsteadOfLosingIt() throws SQLException {
    databaseTracked(true);
    properties(SqlServerCaptureStatements.DATABASE_PROPERTY, SqlServerChangeTrackingStatements.SINCE_PROPERTY);
    executor.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "ticket"));
    executor.answer(SqlServerChangeTrackingStatements.markedTables(SqlServerCaptureStatements.TABLE_PROPERTY),
        List.of("dbo", "ticket"));

    capture.remove(null);

    assertThat(executor.changes()).containsExactly(
        SqlServerChangeTrackingStatements.markTable("dbo", "ticket").text(),
        SqlServerChangeTrackingStatements.unmarkTable("x", "dbo", "ticket").text(),
        "EXEC sys.sp_addextendedproperty @name = ?, @value = ?",
        SqlServerChangeTrackingStatements.dropDatabaseProperty("x").text(),
        SqlServerCaptureStatements.dropAppliedTable().text(),
        SqlServerCaptureStatements.dropSchema().text());
    assertThat(executor.changes()).noneMatch(s -> s.contains("DISABLE") || s.contains("= OFF"));
  }

  @Test
  void aTableIsTrustedOnlyWithAKeyTrackingItsDigestAndARecordReachingBackToTheVersion() throws SQLException {
    TableInfo renamed = new TableInfo("dbo", "renamed", 3, List.of(), List.of("id"), 0);
    TableInfo truncated = new TableInfo("dbo", "truncated", 4, List.of(), List.of("id"), 0);
    TableInfo untracked = new TableInfo("dbo", "untracked", 5, List.of(), List.of("id"), 0);
    databaseTracked(true);
    executor.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "ticket"),
        List.of("dbo", "renamed"), List.of("dbo", "truncated"));
    executor.answer(SqlServerCaptureStatements.columnDigests(), List.of("dbo", "ticket", EMPTY_DIGEST),
        List.of("dbo", "renamed", "an older digest"), List.of("dbo", "truncated", EMPTY_DIGEST));
    executor.answer(SqlServerChangeTrackingStatements.minValidVersion("dbo", "ticket"), List.of(3L));
    executor.answer(SqlServerChangeTrackingStatements.minValidVersion("dbo", "truncated"), List.of(51L));

    Map<String, TableState> states = capture.states(null, List.of(TICKET, HEAP, renamed, truncated, untracked), 50,
        "production");

    assertThat(states.get("ticket").trusted()).isTrue();
    assertThat(states.get("ticket").keyColumns()).containsExactly("id");
    assertThat(states.get("heap").untrustedBecause()).isEqualTo("table dbo.heap has no primary key on production"
        + " (Change Tracking needs one)");
    assertThat(states.get("renamed").untrustedBecause())
        .isEqualTo("its columns or primary key on production changed since the capture began");
    assertThat(states.get("truncated").untrustedBecause()).isEqualTo("its change record on production starts at"
        + " version 51, after version 50 (the table was truncated, or the record cleaned up)");
    assertThat(states.get("untracked").untrustedBecause())
        .isEqualTo("Change Tracking is not enabled on dbo.untracked on production");
  }

  @Test
  void withChangeTrackingOffNoTableIsTrusted() throws SQLException {
    databaseTracked(false);
    assertThat(capture.states(null, List.of(TICKET), 1, "the pilot").get("ticket").untrustedBecause())
        .isEqualTo("Change Tracking is off for the database on the pilot");
  }

  @Test
  void missingRightsAreNamedBeforeAnythingChanges() throws SQLException {
    databaseTracked(false);
    executor.answer(SqlServerCaptureStatements.databasePermission(), List.of(0));
    executor.answer(SqlServerCaptureStatements.tablePermissions("dbo", "ticket"), List.of(0, 1));

    assertThat(capture.missingRights(null, List.of(TICKET))).containsExactly(
        "ALTER on the database, to turn Change Tracking on (or turn it on yourself: ALTER DATABASE ... SET"
            + " CHANGE_TRACKING = ON (CHANGE_RETENTION = 35 DAYS, AUTO_CLEANUP = ON))",
        "VIEW CHANGE TRACKING on dbo.ticket");
    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void thePilotsKeysLeaveOutOurOwnWritesAndTheVersionsAreReadBack() throws SQLException {
    executor.answer(SqlServerCaptureStatements.changedKeysNotOurs("dbo", "ticket", List.of("id"), 9L),
        List.of(5), List.of(6L));
    executor.answer(SqlServerCaptureStatements.appliedExists(), List.of(1));
    executor.answer(SqlServerCaptureStatements.readApplied(), List.of(40L, 9L));

    assertThat(capture.changedKeys(null, "dbo", "ticket", List.of("id"), 9L, true))
        .containsExactly(List.of(5L), List.of(6L));
    assertThat(capture.applied(null)).containsExactly(40L, 9L);
  }

  @Test
  void aPilotWithoutTheTableOfVersionsCannotBeRefreshedByKey() throws SQLException {
    executor.answer(SqlServerCaptureStatements.appliedExists(), List.of(0));
    assertThat(capture.applied(null)).isNull();
  }
}
