package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.platform.sqlserver.SqlServerChangeTrackingStatements.Column;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import com.upgradectl.workflows.pilot.SwitchBackReport.RowChange;
import com.upgradectl.workflows.pilot.SwitchBackReport.TableChanges;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the switch-back's change record on SQL Server sends, in which order, through a
 * {@link RecordingExecutor}: it turns on only what is off, marks it first, and turns off only what it
 * marked (no server here; the live suite runs it against one).
 */
class SqlServerChangeTrackingOrderTest {
  private final RecordingExecutor executor = new RecordingExecutor();
  private final SqlServerChangeTracking tracking = new SqlServerChangeTracking(executor);

  private void ticketHasKeyId() {
    executor.answer(SqlServerChangeTrackingStatements.tableKey("ticket"), List.of("dbo", "ticket", "id"));
  }

  private void databaseTracked(boolean tracked) {
    executor.answer(SqlServerChangeTrackingStatements.databaseTracked(), List.of(tracked ? 1 : 0));
  }

  @Test
  void startMarksAndTurnsOnTheDatabaseAndEachTableThenRecordsTheCurrentVersion() throws SQLException {
    ticketHasKeyId();
    databaseTracked(false);
    executor.answer(SqlServerChangeTrackingStatements.currentVersion(), List.of(17L));

    assertThat(tracking.start(null, List.of("ticket"))).isEqualTo("17");

    assertThat(executor.changes()).containsExactly(
        "EXEC sys.sp_addextendedproperty @name = ?, @value = ?",
        "ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 35 DAYS, AUTO_CLEANUP = ON)",
        SqlServerChangeTrackingStatements.markTable("dbo", "ticket").text(),
        "ALTER TABLE [dbo].[ticket] ENABLE CHANGE_TRACKING",
        "EXEC sys.sp_addextendedproperty @name = ?, @value = ?");
    assertThat(executor.sent()).containsSubsequence(SqlServerChangeTrackingStatements.currentVersion().text(),
        "EXEC sys.sp_addextendedproperty @name = ?, @value = ?");
  }

  @Test
  void changeTrackingTheApplicationTurnedOnItselfIsLeftAsItIs() throws SQLException {
    ticketHasKeyId();
    executor.answer(SqlServerChangeTrackingStatements.tableKey("audit"), List.of("dbo", "audit", "id"));
    databaseTracked(true);
    executor.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "audit"));
    executor.answer(SqlServerChangeTrackingStatements.currentVersion(), List.of(5L));

    tracking.start(null, List.of("ticket", "audit"));

    assertThat(executor.changes()).containsExactly(
        SqlServerChangeTrackingStatements.markTable("dbo", "ticket").text(),
        "ALTER TABLE [dbo].[ticket] ENABLE CHANGE_TRACKING",
        "EXEC sys.sp_addextendedproperty @name = ?, @value = ?");
  }

  @Test
  void aRetriedStartReturnsTheFirstPositionAndChangesNothing() throws SQLException {
    ticketHasKeyId();
    databaseTracked(true);
    executor.answer(SqlServerChangeTrackingStatements.databaseProperties(),
        List.of("upgradectl_switch_back_since", "17"), List.of("upgradectl_switch_back_database", "x"));
    executor.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "ticket"));
    executor.answer(SqlServerChangeTrackingStatements.markedTables(), List.of("dbo", "ticket"));
    executor.answer(SqlServerChangeTrackingStatements.currentVersion(), List.of(99L));

    assertThat(tracking.start(null, List.of("ticket"))).isEqualTo("17");
    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void aTableWithoutPrimaryKeyOrThatDoesNotExistIsRefusedBeforeAnythingChanges() {
    executor.answer(SqlServerChangeTrackingStatements.tableKey("heap"), Arrays.asList("dbo", "heap", null));

    assertThatThrownBy(() -> tracking.start(null, List.of("heap"))).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.getType()).isEqualTo(FailureTypes.PRECONDITION)).hasMessageContaining("no primary key");
    assertThatThrownBy(() -> tracking.start(null, List.of("gone"))).hasMessageContaining("gone: it does not exist");
    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void stopTurnsOffTheMarkedTablesThenTheDatabaseThenRemovesTheMarks() throws SQLException {
    databaseTracked(true);
    executor.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "ticket"), List.of("dbo", "own"));
    executor.answer(SqlServerChangeTrackingStatements.markedTables(), List.of("dbo", "ticket"));
    executor.answer(SqlServerChangeTrackingStatements.databaseProperties(),
        List.of("upgradectl_switch_back_since", "17"), List.of("upgradectl_switch_back_database", "x"));

    tracking.stop(null);

    assertThat(executor.changes()).containsExactly(
        "ALTER TABLE [dbo].[ticket] DISABLE CHANGE_TRACKING",
        SqlServerChangeTrackingStatements.unmarkTable("dbo", "ticket").text(),
        "ALTER DATABASE CURRENT SET CHANGE_TRACKING = OFF",
        SqlServerChangeTrackingStatements.dropDatabaseProperty("x").text(),
        SqlServerChangeTrackingStatements.dropDatabaseProperty("x").text());
  }

  @Test
  void stopLeavesTheDatabaseTrackedWhenTheApplicationHadItOn() throws SQLException {
    databaseTracked(true);
    executor.answer(SqlServerChangeTrackingStatements.trackedTables(), List.of("dbo", "ticket"));
    executor.answer(SqlServerChangeTrackingStatements.markedTables(), List.of("dbo", "ticket"));
    executor.answer(SqlServerChangeTrackingStatements.databaseProperties(),
        List.of("upgradectl_switch_back_since", "17"));

    tracking.stop(null);

    assertThat(executor.changes()).doesNotContain("ALTER DATABASE CURRENT SET CHANGE_TRACKING = OFF")
        .contains("ALTER TABLE [dbo].[ticket] DISABLE CHANGE_TRACKING");
  }

  private void ticketRecordedSince(long minValid) {
    ticketHasKeyId();
    databaseTracked(true);
    executor.answer(SqlServerChangeTrackingStatements.databaseProperties(),
        List.of("upgradectl_switch_back_since", "17"));
    executor.answer(SqlServerChangeTrackingStatements.minValidVersion("dbo", "ticket"), List.of(minValid));
  }

  @Test
  void aTruncatedTableHasNoCompleteRecordAndIsNeitherReportedRecordedNorListed() throws SQLException {
    ticketRecordedSince(30);

    assertThat(tracking.isRecording(null, List.of("ticket"))).isFalse();
    assertThatThrownBy(() -> tracking.changesSince(null, List.of("ticket"), 17, 200))
        .isInstanceOf(ApplicationFailure.class).hasMessageContaining("truncated since the switch");
  }

  @Test
  void theNetChangesAreCountedAndListedWithTheStatementsThatEnterThemAgain() throws SQLException {
    ticketRecordedSince(10);
    executor.answer(SqlServerChangeTrackingStatements.changeCounts("dbo", "ticket", 17),
        List.of("I", 1L), List.of("U", 1L), List.of("D", 1L));
    List<Column> columns = List.of(new Column("id", "int", false, false), new Column("title", "nvarchar", false, false));
    executor.answer(SqlServerChangeTrackingStatements.columns("dbo", "ticket"),
        List.of("id", "int", false, false), List.of("title", "nvarchar", false, false));
    executor.answer(SqlServerChangeTrackingStatements.listedChanges("dbo", "ticket", List.of("id"), columns, 17, 200),
        Arrays.asList("D", "3", null, null), List.of("I", "4", "4", "new"), List.of("U", "1", "1", "changed"));

    assertThat(tracking.isRecording(null, List.of("ticket"))).isTrue();
    List<TableChanges> changes = tracking.changesSince(null, List.of("ticket"), 17, 200);

    assertThat(changes).singleElement().satisfies(t -> {
      assertThat(t.table()).isEqualTo("ticket");
      assertThat(t.keyColumns()).containsExactly("id");
      assertThat(List.of(t.inserted(), t.updated(), t.deleted())).containsExactly(1L, 1L, 1L);
      assertThat(t.rows()).containsExactly(
          new RowChange(Kind.DELETED, "{\"id\": 3}", "DELETE FROM [dbo].[ticket] WHERE [id] = 3;"),
          new RowChange(Kind.INSERTED, "{\"id\": 4}", "INSERT INTO [dbo].[ticket] ([id], [title]) VALUES (4, N'new');"),
          new RowChange(Kind.UPDATED, "{\"id\": 1}", "UPDATE [dbo].[ticket] SET [title] = N'changed' WHERE [id] = 1;"));
    });
  }
}
