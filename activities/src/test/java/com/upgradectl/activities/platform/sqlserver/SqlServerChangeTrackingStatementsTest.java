package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.platform.sqlserver.SqlServerChangeTrackingStatements.Column;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every text of the switch-back's change record on SQL Server, exactly, with names holding
 * {@code ]}, {@code '}, spaces and unicode; and the re-entry statements built from the listing.
 */
class SqlServerChangeTrackingStatementsTest {
  private static final String SCHEMA = "sä ]s";
  private static final String TABLE = "it's ]t";
  private static final String QUOTED = "[sä ]]s].[it's ]]t]";

  @Test
  void theDatabaseIsTrackedWithARetentionLongerThanAnyGracePeriodAndOutsideATransaction() {
    assertThat(SqlServerChangeTrackingStatements.enableDatabase()).isEqualTo(Tsql.outsideTransaction(
        "ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 35 DAYS, AUTO_CLEANUP = ON)"));
    assertThat(SqlServerChangeTrackingStatements.disableDatabase())
        .isEqualTo(Tsql.outsideTransaction("ALTER DATABASE CURRENT SET CHANGE_TRACKING = OFF"));
    assertThat(SqlServerChangeTrackingStatements.databaseTracked()).isEqualTo(Tsql.of("SELECT CASE WHEN EXISTS"
        + " (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID()) THEN 1 ELSE 0 END"));
  }

  @Test
  void tablesAreEnabledAndDisabledByTheirQuotedNames() {
    assertThat(SqlServerChangeTrackingStatements.enableTable(SCHEMA, TABLE))
        .isEqualTo(Tsql.of("ALTER TABLE " + QUOTED + " ENABLE CHANGE_TRACKING"));
    assertThat(SqlServerChangeTrackingStatements.disableTable(SCHEMA, TABLE))
        .isEqualTo(Tsql.of("ALTER TABLE " + QUOTED + " DISABLE CHANGE_TRACKING"));
    assertThat(SqlServerChangeTrackingStatements.trackedTables()).isEqualTo(Tsql.of("SELECT s.name, t.name FROM"
        + " sys.change_tracking_tables ct JOIN sys.tables t ON t.object_id = ct.object_id"
        + " JOIN sys.schemas s ON s.schema_id = t.schema_id"));
  }

  @Test
  void theMarksAreExtendedPropertiesWithEveryValueBound() {
    assertThat(SqlServerChangeTrackingStatements.markTable(SCHEMA, TABLE)).isEqualTo(Tsql.of(
        "EXEC sys.sp_addextendedproperty @name = ?, @value = ?, @level0type = N'SCHEMA', @level0name = ?,"
            + " @level1type = N'TABLE', @level1name = ?",
        "upgradectl_switch_back", "Change Tracking enabled by upgradectl for a switch-back", SCHEMA, TABLE));
    assertThat(SqlServerChangeTrackingStatements.unmarkTable(SCHEMA, TABLE)).isEqualTo(Tsql.of(
        "EXEC sys.sp_dropextendedproperty @name = ?, @level0type = N'SCHEMA', @level0name = ?,"
            + " @level1type = N'TABLE', @level1name = ?", "upgradectl_switch_back", SCHEMA, TABLE));
    assertThat(SqlServerChangeTrackingStatements.markedTables()).isEqualTo(Tsql.of("SELECT s.name, t.name FROM"
        + " sys.extended_properties p JOIN sys.tables t ON p.class = 1 AND p.major_id = t.object_id AND p.minor_id = 0"
        + " JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE p.name = ?", "upgradectl_switch_back"));
    assertThat(SqlServerChangeTrackingStatements.addDatabaseProperty("upgradectl_switch_back_since", "42"))
        .isEqualTo(Tsql.of("EXEC sys.sp_addextendedproperty @name = ?, @value = ?", "upgradectl_switch_back_since",
            "42"));
    assertThat(SqlServerChangeTrackingStatements.dropDatabaseProperty("upgradectl_switch_back_since"))
        .isEqualTo(Tsql.of("IF EXISTS (SELECT 1 FROM sys.extended_properties WHERE class = 0 AND name = ?)"
            + " EXEC sys.sp_dropextendedproperty @name = ?", "upgradectl_switch_back_since",
            "upgradectl_switch_back_since"));
    assertThat(SqlServerChangeTrackingStatements.databaseProperties()).isEqualTo(Tsql.of("SELECT name,"
        + " CAST(value AS nvarchar(4000)) FROM sys.extended_properties WHERE class = 0 AND name IN (?, ?)",
        "upgradectl_switch_back_since", "upgradectl_switch_back_database"));
  }

  @Test
  void versionsAndTheTableLookupsBindTheirValues() {
    assertThat(SqlServerChangeTrackingStatements.currentVersion())
        .isEqualTo(Tsql.of("SELECT COALESCE(CHANGE_TRACKING_CURRENT_VERSION(), 0)"));
    assertThat(SqlServerChangeTrackingStatements.minValidVersion(SCHEMA, TABLE))
        .isEqualTo(Tsql.of("SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?))", QUOTED));
    assertThat(SqlServerChangeTrackingStatements.columns(SCHEMA, TABLE)).isEqualTo(Tsql.of("SELECT c.name,"
        + " TYPE_NAME(c.system_type_id), c.is_identity, c.is_computed FROM sys.columns c"
        + " WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id", QUOTED));
    Tsql key = SqlServerChangeTrackingStatements.tableKey("sales.order");
    assertThat(key.parameters()).containsExactly("sales.order", "sales.order");
    assertThat(key.text()).contains("i.is_primary_key = 1")
        .contains("WHERE t.is_ms_shipped = 0 AND ((s.name = N'dbo' AND t.name = ?) OR CONCAT(s.name, N'.', t.name) = ?)")
        .endsWith("ORDER BY ic.key_ordinal");
  }

  @Test
  void theChangesAreCountedAndListedFromChangetableJoinedToTheRowsAsTheyAreNow() {
    assertThat(SqlServerChangeTrackingStatements.changeCounts(SCHEMA, TABLE, 7)).isEqualTo(Tsql.of(
        "SELECT ct.SYS_CHANGE_OPERATION, COUNT_BIG(*) FROM CHANGETABLE(CHANGES " + QUOTED + ", ?) AS ct"
            + " GROUP BY ct.SYS_CHANGE_OPERATION", 7L));
    List<Column> columns = List.of(new Column("id]", "int", true, false), new Column("at", "datetime2", false, false),
        new Column("blob", "varbinary", false, false), new Column("x", "float", false, false));
    assertThat(SqlServerChangeTrackingStatements.listedChanges(SCHEMA, TABLE, List.of("id]"), columns, 7, 200))
        .isEqualTo(Tsql.of("SELECT TOP (?) ct.SYS_CHANGE_OPERATION, CONVERT(nvarchar(max), ct.[id]]]),"
            + " CONVERT(nvarchar(max), t.[id]]]), CONVERT(nvarchar(max), t.[at], 126),"
            + " CONVERT(varchar(max), CAST(t.[blob] AS varbinary(max)), 1), CONVERT(nvarchar(max), t.[x], 3)"
            + " FROM CHANGETABLE(CHANGES " + QUOTED + ", ?) AS ct LEFT JOIN " + QUOTED + " AS t ON t.[id]]] = ct.[id]]]"
            + " ORDER BY CASE ct.SYS_CHANGE_OPERATION WHEN N'D' THEN 0 WHEN N'I' THEN 1 ELSE 2 END, ct.[id]]]",
            200, 7L));
  }

  @Test
  void valuesAreWrittenAsTextThatConvertsBackExactly() {
    assertThat(SqlServerChangeTrackingStatements.asText("v", "datetime")).isEqualTo("CONVERT(nvarchar(max), v, 126)");
    assertThat(SqlServerChangeTrackingStatements.asText("v", "money")).isEqualTo("CONVERT(nvarchar(max), v, 2)");
    assertThat(SqlServerChangeTrackingStatements.asText("v", "real")).isEqualTo("CONVERT(nvarchar(max), v, 3)");
    assertThat(SqlServerChangeTrackingStatements.asText("v", "geography")).isEqualTo("v.ToString()");
    assertThat(SqlServerChangeTrackingStatements.asText("v", "uniqueidentifier")).isEqualTo("CONVERT(nvarchar(max), v)");
  }

  @Test
  void theFullListingReadsThePositionFromTheDatabaseProperty() {
    assertThat(SqlServerChangeTrackingStatements.fullListing())
        .contains("name = N'upgradectl_switch_back_since'")
        .contains("CHANGETABLE(CHANGES [dbo].[table], @since)");
  }

  private static final List<Column> TICKET = List.of(new Column("id", "int", true, false),
      new Column("title", "nvarchar", false, false), new Column("photo", "varbinary", false, false),
      new Column("total", "decimal", false, true), new Column("version", "timestamp", false, false));

  @Test
  void anInsertedRowIsEnteredAgainWithItsIdentityAndWithoutComputedColumnsOrRowversions() {
    assertThat(SqlServerReentryStatements.of(Kind.INSERTED, "dbo", "ticket", List.of("id"), List.of("42"), TICKET,
        Arrays.asList("42", "it's ]ok", "0x00FF", "3.00", "0x0000000000000801")))
        .isEqualTo("SET IDENTITY_INSERT [dbo].[ticket] ON; INSERT INTO [dbo].[ticket] ([id], [title], [photo])"
            + " VALUES (42, N'it''s ]ok', 0x00FF); SET IDENTITY_INSERT [dbo].[ticket] OFF;");
  }

  @Test
  void anUpdatedRowSetsEveryWritableColumnButItsKeyAndADeletedOneIsDeletedByKey() {
    assertThat(SqlServerReentryStatements.of(Kind.UPDATED, "dbo", "ticket", List.of("id"), List.of("42"), TICKET,
        Arrays.asList("42", null, "0x", "3.00", "0x01")))
        .isEqualTo("UPDATE [dbo].[ticket] SET [title] = NULL, [photo] = 0x WHERE [id] = 42;");
    assertThat(SqlServerReentryStatements.of(Kind.DELETED, "dbo", "ticket", List.of("id"), List.of("42"), TICKET,
        Arrays.asList(null, null, null, null, null)))
        .isEqualTo("DELETE FROM [dbo].[ticket] WHERE [id] = 42;");
  }

  @Test
  void aBinaryValueThatIsNotAHexConstantIsNeverWrittenRaw() {
    assertThatThrownBy(() -> SqlServerReentryStatements.of(Kind.INSERTED, "dbo", "ticket", List.of("id"),
        List.of("1"), TICKET, Arrays.asList("1", "t", "0x00); DROP TABLE x; --", null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("photo");
  }

  @Test
  void theKeyIsJsonOfTheServersText() {
    assertThat(SqlServerChangeTracking.keyJson(List.of("id", "na\"me", "amount"), Arrays.asList("42", "a\\b", "-1.50"),
        java.util.Set.of("id", "amount")))
        .isEqualTo("{\"id\": 42, \"na\\\"me\": \"a\\\\b\", \"amount\": -1.50}");
  }
}
