package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.copy.ColumnInfo;
import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Destination;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.KeyRange;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Query;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.SnapshotFile;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every T-SQL text the SQL Server copier emits, with names that carry {@code ]}, {@code '}, spaces
 * and non-ASCII letters. No server runs here: these texts are what the live suite runs for real.
 */
class SqlServerCopyStatementsTest {
  /** A table name with a closing bracket, a quote, a space and unicode. */
  private static final String TABLE = "Tick]ets 'été' 票";
  private static final String KEY_A = "Id]";
  private static final String KEY_B = "n° 'x'";

  private static final TableInfo SOURCE = new TableInfo("app]", TABLE, 1,
      List.of(new ColumnInfo(KEY_A, "int", true, false, false, true)), List.of(KEY_A, KEY_B), 0);
  private static final TableInfo TARGET = new TableInfo("app]", TABLE, 2,
      List.of(new ColumnInfo(KEY_A, "bigint", true, false, false, true)), List.of(KEY_A, KEY_B), 0);

  private static final TablePlan PLAN = new TablePlan(
      new TableSpec(TABLE, TableClass.DATA, null, "status <> 'gone'", Map.of(), new SourceLocation("t.yaml", 1)),
      TARGET, SOURCE,
      List.of(new MappedColumn(KEY_A, "bigint", new ColumnSource.SourceColumn(KEY_A)),
          new MappedColumn(KEY_B, "nvarchar(20)", new ColumnSource.SourceColumn(KEY_B)),
          new MappedColumn("scope", "nvarchar(max)", new ColumnSource.Constant("it's ]")),
          new MappedColumn("state", "varchar(10)", new ColumnSource.Expression("UPPER(status)"))),
      List.of(new KeyColumn(KEY_A, KEY_A, "int"), new KeyColumn(KEY_B, KEY_B, "nvarchar(20)")));

  private static final TablePlan UNKEYED = new TablePlan(
      new TableSpec("heap", TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 2)),
      new TableInfo("dbo", "heap", 3, List.of(), List.of(), 0), new TableInfo("dbo", "heap", 4, List.of(), List.of(), 0),
      List.of(new MappedColumn("v", "varbinary(max)", new ColumnSource.SourceColumn("v"))), List.of());

  private final SqlServerCopyStatements fromSnapshot = new SqlServerCopyStatements(PLAN, "upgradectl_snap_sh]op");
  private final SqlServerCopyStatements inIsolation = new SqlServerCopyStatements(PLAN, null);

  @Test
  void namesAreBracketedWithTheClosingBracketDoubledAndLiteralsDoubleTheirQuotes() {
    assertThat(SqlServerCopyStatements.name("app]", TABLE)).isEqualTo("[app]]].[Tick]]ets 'été' 票]");
    assertThat(SqlServerCopyStatements.literal("it's ]")).isEqualTo("N'it''s ]'");
    assertThatThrownBy(() -> SqlServerCopyStatements.literal("a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> SqlServerCopyStatements.name("")).hasMessageContaining("empty identifier");
  }

  @Test
  void theProjectionReadsTheSnapshotByThreePartNameCastsToTargetTypesAndBindsTheKeyRange() {
    Query select = fromSnapshot.select(new KeyRange(List.of(1, "a'b"), List.of(9, "z")));
    assertThat(select.sql()).isEqualTo(
        "SELECT CAST([Id]]] AS bigint) AS [Id]]], CAST([n° 'x'] AS nvarchar(20)) AS [n° 'x'],"
            + " CAST(N'it''s ]' AS nvarchar(max)) AS [scope], CAST((UPPER(status)) AS varchar(10)) AS [state]"
            + " FROM [upgradectl_snap_sh]]op].[app]]].[Tick]]ets 'été' 票]"
            + " WHERE (status <> 'gone')"
            + " AND ([Id]]] > ? OR ([Id]]] = ? AND [n° 'x'] > ?))"
            + " AND NOT ([Id]]] > ? OR ([Id]]] = ? AND [n° 'x'] > ?))"
            + " ORDER BY [Id]]], [n° 'x']");
    assertThat(select.parameters()).containsExactly(1, 1, "a'b", 9, 9, "z");
  }

  @Test
  void inSnapshotIsolationTheSourceIsProductionItself() {
    assertThat(inIsolation.select(KeyRange.ALL).sql())
        .contains(" FROM [app]]].[Tick]]ets 'été' 票] WHERE (status <> 'gone') ORDER BY ")
        .doesNotContain("upgradectl_snap");
    assertThat(inIsolation.select(KeyRange.ALL).parameters()).isEmpty();
  }

  @Test
  void aTableWithoutKeyIsReadWholeWithoutOrder() {
    SqlServerCopyStatements heap = new SqlServerCopyStatements(UNKEYED, null);
    assertThat(heap.select(KeyRange.ALL).sql()).isEqualTo("SELECT CAST([v] AS varbinary(max)) AS [v] FROM [dbo].[heap]");
  }

  @Test
  void theNextChunkEndIsTheLastOfTheNextRowsInKeyOrderWithItsRowNumber() {
    Query next = fromSnapshot.nextChunkEnd(List.of(5, "é"), 50_000);
    assertThat(next.sql()).isEqualTo(
        "SELECT TOP (1) k.[Id]]], k.[n° 'x'], k.[upgradectl_chunk_rows]"
            + " FROM (SELECT TOP (?) [Id]]], [n° 'x'], ROW_NUMBER() OVER (ORDER BY [Id]]], [n° 'x']) AS [upgradectl_chunk_rows]"
            + " FROM [upgradectl_snap_sh]]op].[app]]].[Tick]]ets 'été' 票] WHERE (status <> 'gone')"
            + " AND ([Id]]] > ? OR ([Id]]] = ? AND [n° 'x'] > ?)) ORDER BY [Id]]], [n° 'x']) AS k"
            + " ORDER BY k.[upgradectl_chunk_rows] DESC");
    assertThat(next.parameters()).containsExactly(50_000, 5, 5, "é");
    assertThat(fromSnapshot.nextChunkEnd(null, 10).parameters()).containsExactly(10);
  }

  @Test
  void aKeyBoundNeedsOneValuePerKeyColumn() {
    assertThatThrownBy(() -> fromSnapshot.select(new KeyRange(List.of(1), null)))
        .hasMessageContaining("a key of 2 column(s) needs as many values");
  }

  @Test
  void theResumePointIsTheDestinationsHighestKey() {
    assertThat(fromSnapshot.highestCopiedKey(fromSnapshot.target())).isEqualTo(
        "SELECT TOP (1) d.[Id]]], d.[n° 'x'] FROM [app]]].[Tick]]ets 'été' 票] AS d ORDER BY d.[Id]]] DESC, d.[n° 'x'] DESC");
    assertThat(fromSnapshot.highestCopiedKey(fromSnapshot.stage())).contains(" FROM [upgradectl_stage].[Tick]]ets 'été' 票] AS d");
    assertThat(fromSnapshot.count(fromSnapshot.target())).isEqualTo("SELECT COUNT_BIG(*) FROM [app]]].[Tick]]ets 'été' 票]");
  }

  @Test
  void bothSidesChecksumTheSameColumnsWithTheSameTextInKeyOrder() {
    Query source = fromSnapshot.sourceChecksum();
    String target = fromSnapshot.destinationChecksum(fromSnapshot.target());
    String rowHash = "HASHBYTES('SHA2_256', CONCAT("
        + "ISNULL(CONVERT(nvarchar(20), DATALENGTH(CONVERT(nvarchar(max), r.[Id]]]))) + N':' + CONVERT(nvarchar(max), r.[Id]]]), N'~'), N'|', "
        + "ISNULL(CONVERT(nvarchar(20), DATALENGTH(CONVERT(nvarchar(max), r.[n° 'x']))) + N':' + CONVERT(nvarchar(max), r.[n° 'x']), N'~'), N'|', "
        + "ISNULL(CONVERT(nvarchar(20), DATALENGTH(CONVERT(nvarchar(max), r.[scope]))) + N':' + CONVERT(nvarchar(max), r.[scope]), N'~'), N'|', "
        + "ISNULL(CONVERT(nvarchar(20), DATALENGTH(CONVERT(nvarchar(max), r.[state]))) + N':' + CONVERT(nvarchar(max), r.[state]), N'~'), N'|'))";
    assertThat(target).isEqualTo(
        "SELECT (y.rn - 1) / 10000 AS [chunk], COUNT_BIG(*) AS [rows],"
            + " HASHBYTES('SHA2_256', STRING_AGG(CAST(y.h AS varchar(max)), '') WITHIN GROUP (ORDER BY y.rn)) AS [hash]"
            + " FROM (SELECT ROW_NUMBER() OVER (ORDER BY r.[Id]]], r.[n° 'x']) AS rn, CONVERT(varchar(64), " + rowHash + ", 2) AS h"
            + " FROM [app]]].[Tick]]ets 'été' 票] AS r) AS y GROUP BY (y.rn - 1) / 10000 ORDER BY [chunk]");
    // production's side: the same text over the mapped, unordered projection at the read point
    String projection = fromSnapshot.select(KeyRange.ALL).sql().replace(" ORDER BY [Id]]], [n° 'x']", "");
    assertThat(source.sql()).isEqualTo(target.replace("FROM [app]]].[Tick]]ets 'été' 票] AS r", "FROM (" + projection + ") AS r"));
    assertThat(source.parameters()).isEmpty();
  }

  @Test
  void aNullAndAnEmptyStringGiveDifferentRowTexts() {
    String row = SqlServerCopyStatements.rowText(List.<String[]>of(new String[] {"c", "nvarchar(10)"}));
    assertThat(row).isEqualTo("CONCAT(ISNULL(CONVERT(nvarchar(20), DATALENGTH(CONVERT(nvarchar(max), r.[c])))"
        + " + N':' + CONVERT(nvarchar(max), r.[c]), N'~'), N'|')");
    // NULL: the length is NULL, so the whole value is NULL and ISNULL gives the marker '~'; the empty
    // string has length 0 and gives '0:'. No value's text can be the marker: every value's starts with a digit.
    assertThat(row).contains("ISNULL(").contains(" + N':' + ").contains(", N'~')");
    assertThat(SqlServerCopyStatements.NULL_MARKER).doesNotContainPattern("^[0-9]");
  }

  @Test
  void aTableWithoutKeyIsChecksummedInTheOrderOfItsRowHashes() {
    String heap = new SqlServerCopyStatements(UNKEYED, null).destinationChecksum(new Destination("dbo", "heap"));
    assertThat(heap).contains("ROW_NUMBER() OVER (ORDER BY HASHBYTES('SHA2_256', CONCAT(ISNULL(CONVERT(nvarchar(20),"
        + " DATALENGTH(CONVERT(nvarchar(max), CONVERT(varbinary(max), r.[v]), 2))) + N':' + CONVERT(nvarchar(max),"
        + " CONVERT(varbinary(max), r.[v]), 2), N'~'), N'|'))) AS rn");
    assertThat(SqlServerCopyStatements.checksumOrder(List.of("id"), List.of("name"))).isEmpty();
    assertThat(SqlServerCopyStatements.checksumOrder(List.of("id"), List.of("id", "name"))).containsExactly("id");
  }

  @Test
  void valuesBecomeTextThatKeepsEverythingTheirTypeHolds() {
    assertThat(SqlServerCopyStatements.asText("x", "float")).isEqualTo("CONVERT(nvarchar(max), x, 3)");
    assertThat(SqlServerCopyStatements.asText("x", "real")).isEqualTo("CONVERT(nvarchar(max), x, 3)");
    assertThat(SqlServerCopyStatements.asText("x", "money")).isEqualTo("CONVERT(nvarchar(max), x, 2)");
    assertThat(SqlServerCopyStatements.asText("x", "datetime2(7)")).isEqualTo("CONVERT(nvarchar(max), x, 121)");
    assertThat(SqlServerCopyStatements.asText("x", "DATETIME")).isEqualTo("CONVERT(nvarchar(max), x, 121)");
    assertThat(SqlServerCopyStatements.asText("x", "binary(16)")).isEqualTo("CONVERT(nvarchar(max), CONVERT(varbinary(max), x), 2)");
    assertThat(SqlServerCopyStatements.asText("x", "rowversion")).isEqualTo("CONVERT(nvarchar(max), CONVERT(varbinary(max), x), 2)");
    assertThat(SqlServerCopyStatements.asText("x", "decimal(10,2)")).isEqualTo("CONVERT(nvarchar(max), x)");
    assertThat(SqlServerCopyStatements.asText("x", "datetimeoffset(7)")).isEqualTo("CONVERT(nvarchar(max), x)");
  }

  @Test
  void catalogTypesAreWrittenAsAColumnDefinitionWouldWriteThem() {
    assertThat(SqlServerCopyStatements.typeName("nvarchar", 400, 0, 0)).isEqualTo("nvarchar(200)");
    assertThat(SqlServerCopyStatements.typeName("nvarchar", -1, 0, 0)).isEqualTo("nvarchar(max)");
    assertThat(SqlServerCopyStatements.typeName("varbinary", -1, 0, 0)).isEqualTo("varbinary(max)");
    assertThat(SqlServerCopyStatements.typeName("char", 7, 0, 0)).isEqualTo("char(7)");
    assertThat(SqlServerCopyStatements.typeName("decimal", 9, 10, 2)).isEqualTo("decimal(10,2)");
    assertThat(SqlServerCopyStatements.typeName("datetime2", 8, 27, 7)).isEqualTo("datetime2(7)");
    assertThat(SqlServerCopyStatements.typeName("bit", 1, 1, 0)).isEqualTo("bit");
  }

  @Test
  void theReadPointsStatements() {
    assertThat(SqlServerCopyStatements.createSnapshot("upgradectl_snap_sh]op 'é'", "sh]op 'é'", List.of(
        new SnapshotFile("shop", "/var/opt/mssql/data/upgradectl_snap_sh_op__._shop.ss"),
        new SnapshotFile("shop 2]", "D:\\Data\\O'Brien.ss")))).isEqualTo(
        "CREATE DATABASE [upgradectl_snap_sh]]op 'é'] ON"
            + " (NAME = [shop], FILENAME = N'/var/opt/mssql/data/upgradectl_snap_sh_op__._shop.ss'),"
            + " (NAME = [shop 2]]], FILENAME = N'D:\\Data\\O''Brien.ss')"
            + " AS SNAPSHOT OF [sh]]op 'é']");
    assertThatThrownBy(() -> SqlServerCopyStatements.createSnapshot("s", "d", List.of()))
        .hasMessageContaining("needs the data files of d");
    assertThat(SqlServerCopyStatements.dropDatabase("upgradectl_snap_a]b")).isEqualTo("DROP DATABASE [upgradectl_snap_a]]b]");
    assertThat(SqlServerCopyStatements.allowSnapshotIsolation("sh]op"))
        .isEqualTo("ALTER DATABASE [sh]]op] SET ALLOW_SNAPSHOT_ISOLATION ON");
    assertThat(SqlServerCopyStatements.snapshotOf())
        .isEqualTo("SELECT name FROM sys.databases WHERE name = ? AND source_database_id = DB_ID(?)");
    assertThat(SqlServerCopyStatements.readOnly()).isEqualTo("SELECT is_read_only FROM sys.databases WHERE name = ?");
    assertThat(SqlServerCopyStatements.snapshotIsolationState())
        .isEqualTo("SELECT snapshot_isolation_state FROM sys.databases WHERE name = ?");
    assertThat(SqlServerCopyStatements.databaseFiles()).isEqualTo(
        "SELECT f.name, f.physical_name, f.type FROM sys.master_files AS f WHERE f.database_id = DB_ID(?) ORDER BY f.file_id");
    assertThat(SqlServerCopyStatements.serverFacts()).startsWith("SELECT CAST(SERVERPROPERTY('EngineEdition') AS int), ");
  }

  @Test
  void constraintsTriggersAndIdentities() {
    assertThat(SqlServerCopyStatements.disableConstraint("dbo", TABLE, "FK_a]b"))
        .isEqualTo("ALTER TABLE [dbo].[Tick]]ets 'été' 票] NOCHECK CONSTRAINT [FK_a]]b]");
    assertThat(SqlServerCopyStatements.enableConstraint("dbo", TABLE, "FK_a]b"))
        .isEqualTo("ALTER TABLE [dbo].[Tick]]ets 'été' 票] WITH CHECK CHECK CONSTRAINT [FK_a]]b]");
    assertThat(SqlServerCopyStatements.disableTrigger("dbo", TABLE, "trg 'audit'"))
        .isEqualTo("ALTER TABLE [dbo].[Tick]]ets 'été' 票] DISABLE TRIGGER [trg 'audit']");
    assertThat(SqlServerCopyStatements.enableTrigger("dbo", TABLE, "trg 'audit'"))
        .isEqualTo("ALTER TABLE [dbo].[Tick]]ets 'été' 票] ENABLE TRIGGER [trg 'audit']");
    // CHECKIDENT takes the quoted name as a string: its quote is doubled, its bracket stays doubled
    assertThat(SqlServerCopyStatements.reseedIdentity("dbo", TABLE))
        .isEqualTo("DBCC CHECKIDENT (N'[dbo].[Tick]]ets ''été'' 票]', RESEED) WITH NO_INFOMSGS");
    assertThat(SqlServerCopyStatements.identityInsert("dbo", TABLE, true))
        .isEqualTo("SET IDENTITY_INSERT [dbo].[Tick]]ets 'été' 票] ON");
    assertThat(SqlServerCopyStatements.identityInsert("dbo", TABLE, false))
        .isEqualTo("SET IDENTITY_INSERT [dbo].[Tick]]ets 'été' 票] OFF");
    assertThat(SqlServerCopyStatements.updateStatistics("dbo", TABLE)).isEqualTo("UPDATE STATISTICS [dbo].[Tick]]ets 'été' 票]");
    assertThat(SqlServerCopyStatements.deleteAll(new Destination("dbo", TABLE))).isEqualTo("DELETE FROM [dbo].[Tick]]ets 'été' 票]");
    assertThat(SqlServerCopyStatements.lockTimeout(60_000)).isEqualTo("SET LOCK_TIMEOUT 60000");
    assertThat(SqlServerCopyStatements.lockTimeout(-1)).as("the server's default: wait").isEqualTo("SET LOCK_TIMEOUT -1");
  }

  @Test
  void theLoadsIndexesAreDisabledAndRebuiltByName() {
    assertThat(SqlServerCopyStatements.disableIndex("app]", TABLE, "ix 'state' ]é"))
        .isEqualTo("ALTER INDEX [ix 'state' ]]é] ON [app]]].[Tick]]ets 'été' 票] DISABLE");
    assertThat(SqlServerCopyStatements.rebuildIndex("app]", TABLE, "ix 'state' ]é"))
        .isEqualTo("ALTER INDEX [ix 'state' ]]é] ON [app]]].[Tick]]ets 'été' 票] REBUILD");
    assertThat(SqlServerCopyStatements.indexDisabled()).isEqualTo("SELECT i.is_disabled FROM sys.indexes AS i"
        + " WHERE i.object_id = OBJECT_ID(QUOTENAME(?) + N'.' + QUOTENAME(?)) AND i.name = ?");
  }

  @Test
  void onlyNonclusteredIndexesTheLoadCanDoWithoutAreDisabled() {
    String indexes = SqlServerCopyStatements.loadIndexes(2);
    assertThat(indexes).startsWith("SELECT SCHEMA_NAME(t.schema_id), t.name, i.name FROM sys.indexes AS i")
        .contains("i.object_id IN (?, ?)")
        .as("nonclustered rowstore only, enabled, real").contains("i.type = 2 AND i.is_disabled = 0")
        .contains("i.is_hypothetical = 0")
        .as("the primary key: the chunked copy resumes by it").contains("i.is_primary_key = 0")
        .as("disabling an index a foreign key refers to disables the key, on any table")
        .contains("NOT EXISTS (SELECT 1 FROM sys.foreign_keys AS fk"
            + " WHERE fk.referenced_object_id = i.object_id AND fk.key_index_id = i.index_id)")
        .contains("NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes AS ft"
            + " WHERE ft.object_id = i.object_id AND ft.unique_index_id = i.index_id)");
    assertThatThrownBy(() -> SqlServerCopyStatements.loadIndexes(0)).hasMessageContaining("at least one table");
  }

  @Test
  void theOrderHintReadsOnlyTheClusteredRowstoreKeyInKeyOrderWithItsDirection() {
    assertThat(SqlServerCopyStatements.clusteredKey()).isEqualTo(
        "SELECT c.name, ic.is_descending_key FROM sys.indexes AS i"
            + " JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
            + " JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
            + " WHERE i.object_id = OBJECT_ID(QUOTENAME(?) + N'.' + QUOTENAME(?)) AND i.type = 1 AND ic.key_ordinal > 0"
            + " ORDER BY ic.key_ordinal");
  }

  @Test
  void theImportReadsInThePlansKeyOrderAndATableWithoutKeyInNone() {
    assertThat(inIsolation.readOrder()).isEqualTo(PLAN.key());
    assertThat(new SqlServerCopyStatements(UNKEYED, null).readOrder()).isEmpty();
  }

  @Test
  void theImportsRecordOfWhatItDisabled() {
    assertThat(SqlServerCopyStatements.createPending("sch]")).isEqualTo(
        "IF OBJECT_ID(N'[sch]]].[upgradectl_import_pending]', 'U') IS NULL CREATE TABLE [sch]]].[upgradectl_import_pending]"
            + " (kind nvarchar(20) NOT NULL, table_schema sysname NOT NULL, table_name sysname NOT NULL,"
            + " object_name sysname NOT NULL, PRIMARY KEY (kind, table_schema, table_name, object_name))");
    assertThat(SqlServerCopyStatements.recordPending("sch]")).as("recorded once, however often a retry finds it")
        .isEqualTo("IF NOT EXISTS (SELECT 1 FROM [sch]]].[upgradectl_import_pending]"
            + " WHERE kind = ? AND table_schema = ? AND table_name = ? AND object_name = ?)"
            + " INSERT INTO [sch]]].[upgradectl_import_pending] (kind, table_schema, table_name, object_name)"
            + " VALUES (?, ?, ?, ?)");
    assertThat(SqlServerCopyStatements.pending("dbo")).as("indexes rebuilt before the constraints are checked").isEqualTo(
        "SELECT kind, table_schema, table_name, object_name FROM [dbo].[upgradectl_import_pending]"
            + " ORDER BY CASE kind WHEN N'index' THEN 0 ELSE 1 END, kind, table_schema, table_name, object_name");
    assertThat(SqlServerCopyStatements.forgetPending("dbo")).isEqualTo(
        "DELETE FROM [dbo].[upgradectl_import_pending] WHERE kind = ? AND table_schema = ? AND table_name = ? AND object_name = ?");
    assertThat(SqlServerCopyStatements.dropPending("dbo")).isEqualTo("DROP TABLE IF EXISTS [dbo].[upgradectl_import_pending]");
  }

  @Test
  void theResyncsStagingTables() {
    assertThat(SqlServerCopyStatements.createStageSchema())
        .isEqualTo("IF SCHEMA_ID(N'upgradectl_stage') IS NULL EXEC(N'CREATE SCHEMA [upgradectl_stage]')");
    assertThat(SqlServerCopyStatements.dropStageSchema())
        .isEqualTo("IF SCHEMA_ID(N'upgradectl_stage') IS NOT NULL EXEC(N'DROP SCHEMA [upgradectl_stage]')");
    assertThat(SqlServerCopyStatements.createStageTable("dbo", TABLE, List.of(KEY_A, KEY_B))).isEqualTo(
        "SELECT TOP (0) [Id]]], [n° 'x'] INTO [upgradectl_stage].[Tick]]ets 'été' 票] FROM [dbo].[Tick]]ets 'été' 票]");
    assertThat(SqlServerCopyStatements.dropStageTable(TABLE)).isEqualTo("DROP TABLE IF EXISTS [upgradectl_stage].[Tick]]ets 'été' 票]");
    assertThat(SqlServerCopyStatements.insertFromStage("dbo", TABLE, List.of(KEY_A, KEY_B))).isEqualTo(
        "INSERT INTO [dbo].[Tick]]ets 'été' 票] WITH (TABLOCKX) ([Id]]], [n° 'x']) SELECT [Id]]], [n° 'x']"
            + " FROM [upgradectl_stage].[Tick]]ets 'été' 票]");
  }

  @Test
  void catalogQueriesBindEveryValue() {
    assertThat(SqlServerCopyStatements.foreignKeysTouching(2)).contains(
        "WHERE fk.parent_object_id IN (?, ?) OR fk.referenced_object_id IN (?, ?)");
    assertThat(SqlServerCopyStatements.enabledConstraints(1)).contains("WHERE c.parent_object_id IN (?)")
        .contains("sys.foreign_keys WHERE is_disabled = 0").contains("sys.check_constraints WHERE is_disabled = 0");
    assertThat(SqlServerCopyStatements.enabledTriggers(3)).contains("tr.is_disabled = 0 AND tr.parent_id IN (?, ?, ?)");
    assertThat(SqlServerCopyStatements.untrustedConstraints(1))
        .contains("is_not_trusted = 1 AND is_disabled = 0 AND is_not_for_replication = 0");
    assertThat(SqlServerCopyStatements.columnSignature()).contains("OBJECT_ID(QUOTENAME(?) + N'.' + QUOTENAME(?))");
    assertThat(SqlServerCopyStatements.hasIdentity()).contains("OBJECT_ID(QUOTENAME(?) + N'.' + QUOTENAME(?))");
    assertThat(SqlServerCopyStatements.defaultSchema()).isEqualTo("SELECT SCHEMA_NAME()");
    assertThat(SqlServerCopyStatements.tableExists()).isEqualTo("SELECT 1 FROM sys.tables WHERE schema_id = SCHEMA_ID(?) AND name = ?");
    assertThat(SqlServerCopyStatements.tables()).contains("WHERE s.name = SCHEMA_NAME() AND t.is_ms_shipped = 0")
        .as("the rows' stored bytes: in-row pages by hobt, LOB pages by partition")
        .contains("SUM(a.used_pages), 0) * 8192 FROM sys.partitions AS p JOIN sys.allocation_units AS a",
            "CASE WHEN a.type IN (1, 3) THEN p.hobt_id ELSE p.partition_id END");
    assertThat(SqlServerCopyStatements.columns()).contains("ty.system_type_id = 189");
    assertThat(SqlServerCopyStatements.primaryKeys()).contains("ORDER BY i.object_id, ic.key_ordinal");
    assertThatThrownBy(() -> SqlServerCopyStatements.enabledTriggers(0)).hasMessageContaining("at least one table");
  }
}
