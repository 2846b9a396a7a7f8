package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.copy.ColumnInfo;
import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Query;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The T-SQL of a refresh by changed keys: production's rows of the keys read through the package's
 * mapping (renamed column, constant, expression, filter) and the pilot's statements, each write
 * carrying our Change Tracking context; names carry {@code ]}, {@code '} and non-ASCII letters.
 */
class SqlServerIncrementalStatementsTest {
  private static final String TABLE = "Tick]ets 'été'";
  private static final String KEY_A = "Id]";
  private static final String KEY_B = "n° 'x'";

  /** The pilot's key column {@code Id]} comes from production's {@code old id}: a renamed key. */
  private static final TablePlan PLAN = new TablePlan(
      new TableSpec(TABLE, TableClass.DATA, "old tickets", "status <> 'gone'", Map.of(), new SourceLocation("t.yaml", 1)),
      new TableInfo("app]", TABLE, 2, List.of(new ColumnInfo(KEY_A, "bigint", true, false, false, true)),
          List.of(KEY_A, KEY_B), 0),
      new TableInfo("dbo", "old tickets", 1, List.of(new ColumnInfo("old id", "int", true, false, false, true)),
          List.of("old id", KEY_B), 0),
      List.of(new MappedColumn(KEY_A, "bigint", new ColumnSource.SourceColumn("old id")),
          new MappedColumn(KEY_B, "nvarchar(20)", new ColumnSource.SourceColumn(KEY_B)),
          new MappedColumn("scope", "nvarchar(max)", new ColumnSource.Constant("it's ]")),
          new MappedColumn("state", "varchar(10)", new ColumnSource.Expression("UPPER(status)"))),
      List.of(new KeyColumn(KEY_A, "old id", "int"), new KeyColumn(KEY_B, KEY_B, "nvarchar(20)")));

  private final SqlServerIncrementalStatements sql = new SqlServerIncrementalStatements(PLAN);

  @Test
  void productionsRowsOfTheKeysAreReadThroughTheSameMappingAsAWholeCopy() {
    Query rows = new SqlServerCopyStatements(PLAN, "upgradectl_snap_shop").selectKeys(
        List.of(List.of(7L, "a"), List.of(9L, "b'")));

    assertThat(rows.sql()).isEqualTo("SELECT CAST([old id] AS bigint) AS [Id]]], CAST([n° 'x'] AS nvarchar(20)) AS"
        + " [n° 'x'], CAST(N'it''s ]' AS nvarchar(max)) AS [scope], CAST((UPPER(status)) AS varchar(10)) AS [state]"
        + " FROM [upgradectl_snap_shop].[dbo].[old tickets] WHERE (status <> 'gone') AND"
        + " (([old id] = ? AND [n° 'x'] = ?) OR ([old id] = ? AND [n° 'x'] = ?))");
    assertThat(rows.parameters()).containsExactly(7L, "a", 9L, "b'");
  }

  @Test
  void aStatementBindsNoMoreKeysThanTSqlTakesParameters() {
    SqlServerCopyStatements statements = new SqlServerCopyStatements(PLAN, null);
    assertThat(statements.keysPerStatement()).isEqualTo(1000);
    assertThatThrownBy(() -> statements.selectKeys(List.of())).hasMessageContaining("between 1 and 1000");
    assertThat(sql.keysPerInsert()).isEqualTo(1000);
    assertThatThrownBy(() -> sql.insertKeys(1001)).hasMessageContaining("between 1 and 1000");
  }

  @Test
  void theKeysTableHasTheTargetsKeyTypesWithoutItsIdentity() {
    assertThat(SqlServerIncrementalStatements.createKeysSchema()).isEqualTo(
        "IF SCHEMA_ID(N'upgradectl_stage_keys') IS NULL EXEC(N'CREATE SCHEMA [upgradectl_stage_keys]')");
    assertThat(sql.createKeys()).isEqualTo("SELECT TOP (0) CAST([Id]]] AS bigint) AS [Id]]],"
        + " CAST([n° 'x'] AS nvarchar(20)) AS [n° 'x'] INTO [upgradectl_stage_keys].[Tick]]ets 'été']"
        + " FROM [app]]].[Tick]]ets 'été']");
    assertThat(sql.insertKeys(2)).isEqualTo("INSERT INTO [upgradectl_stage_keys].[Tick]]ets 'été']"
        + " ([Id]]], [n° 'x']) VALUES (?, ?), (?, ?)");
    assertThat(sql.dropKeys()).isEqualTo("DROP TABLE IF EXISTS [upgradectl_stage_keys].[Tick]]ets 'été']");
  }

  @Test
  void thePilotsRowsOfTheKeysAreUpdatedInsertedAndDeletedUnderOurChangeTrackingContext() {
    String context = "WITH CHANGE_TRACKING_CONTEXT (0x7570677261646563746C) ";
    assertThat(sql.updateChanged()).isEqualTo(context + "UPDATE t SET [scope] = s.[scope], [state] = s.[state]"
        + " FROM [app]]].[Tick]]ets 'été'] AS t JOIN [upgradectl_stage].[Tick]]ets 'été'] AS s"
        + " ON t.[Id]]] = s.[Id]]] AND t.[n° 'x'] = s.[n° 'x']");
    assertThat(sql.insertNew()).isEqualTo(context + "INSERT INTO [app]]].[Tick]]ets 'été'] ([Id]]], [n° 'x'], [scope],"
        + " [state]) SELECT s.[Id]]], s.[n° 'x'], s.[scope], s.[state] FROM [upgradectl_stage].[Tick]]ets 'été'] AS s"
        + " WHERE NOT EXISTS (SELECT 1 FROM [app]]].[Tick]]ets 'été'] AS t WHERE t.[Id]]] = s.[Id]]]"
        + " AND t.[n° 'x'] = s.[n° 'x'])");
    assertThat(sql.deleteGone()).isEqualTo(context + "DELETE t FROM [app]]].[Tick]]ets 'été'] AS t WHERE EXISTS"
        + " (SELECT 1 FROM [upgradectl_stage_keys].[Tick]]ets 'été'] AS k WHERE t.[Id]]] = k.[Id]]]"
        + " AND t.[n° 'x'] = k.[n° 'x']) AND NOT EXISTS (SELECT 1 FROM [upgradectl_stage].[Tick]]ets 'été'] AS s"
        + " WHERE t.[Id]]] = s.[Id]]] AND t.[n° 'x'] = s.[n° 'x'])");
  }

  @Test
  void aTableCopiedWholeInsideTheRefreshIsEmptiedAndFilledUnderOurContextToo() {
    String context = "WITH CHANGE_TRACKING_CONTEXT (0x7570677261646563746C) ";
    assertThat(sql.deleteAll()).isEqualTo(context + "DELETE FROM [app]]].[Tick]]ets 'été']");
    assertThat(sql.insertStaged()).isEqualTo(context + "INSERT INTO [app]]].[Tick]]ets 'été'] WITH (TABLOCKX)"
        + " ([Id]]], [n° 'x'], [scope], [state]) SELECT [Id]]], [n° 'x'], [scope], [state]"
        + " FROM [upgradectl_stage].[Tick]]ets 'été']");
  }

  @Test
  void aTableOfKeyColumnsOnlyHasNothingToUpdate() {
    TablePlan keysOnly = new TablePlan(PLAN.spec(), PLAN.target(), PLAN.source(), PLAN.columns().subList(0, 2), PLAN.key());
    assertThat(new SqlServerIncrementalStatements(keysOnly).updateChanged()).isNull();
  }

  @Test
  void aRowStagedTwiceUnderTwoSpellingsOfItsKeyIsKeptOnce() {
    assertThat(sql.dedupeStage()).isEqualTo("WITH d AS (SELECT ROW_NUMBER() OVER (PARTITION BY [Id]]], [n° 'x']"
        + " ORDER BY (SELECT NULL)) AS n FROM [upgradectl_stage].[Tick]]ets 'été']) DELETE FROM d WHERE n > 1");
  }

  @Test
  void testersWritesWaitOnASharedTableLockHeldToTheCommit() {
    assertThat(sql.holdWriters()).isEqualTo("SELECT TOP (1) 1 FROM [app]]].[Tick]]ets 'été'] WITH (TABLOCK, HOLDLOCK)");
  }

  @Test
  void theKeysChecksumIsTheTablesChecksumOverTheRowsOfTheKeys() {
    String sum = sql.sumOfKeys();
    assertThat(sum).contains("FROM (SELECT t.* FROM [app]]].[Tick]]ets 'été'] AS t WHERE EXISTS (SELECT 1 FROM"
        + " [upgradectl_stage_keys].[Tick]]ets 'été'] AS k WHERE t.[Id]]] = k.[Id]]] AND t.[n° 'x'] = k.[n° 'x'])) AS r")
        .contains("ORDER BY r.[Id]]], r.[n° 'x']");
    assertThat(sum).isEqualTo(SqlServerCopyStatements.checksum("(SELECT t.* FROM [app]]].[Tick]]ets 'été'] AS t WHERE"
        + " EXISTS (SELECT 1 FROM [upgradectl_stage_keys].[Tick]]ets 'été'] AS k WHERE t.[Id]]] = k.[Id]]]"
        + " AND t.[n° 'x'] = k.[n° 'x']))", List.of(new String[] {KEY_A, "bigint"}, new String[] {KEY_B, "nvarchar(20)"},
        new String[] {"scope", "nvarchar(max)"}, new String[] {"state", "varchar(10)"}), List.of(KEY_A, KEY_B)));
  }
}
