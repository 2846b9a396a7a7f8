package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The T-SQL of the refreshes' Change Tracking capture, with names that carry {@code ]} and quotes. */
class SqlServerCaptureStatementsTest {

  @Test
  void changedKeysComeFromChangeTableSinceABoundVersion() {
    Tsql keys = SqlServerCaptureStatements.changedKeys("app]", "Tick]ets 'été'", List.of("Id]", "n° 'x'"), 42L);
    assertThat(keys.text()).isEqualTo("SELECT ct.[Id]]], ct.[n° 'x'] FROM CHANGETABLE(CHANGES [app]]].[Tick]]ets 'été'], ?)"
        + " AS ct");
    assertThat(keys.parameters()).containsExactly(42L);
    assertThat(SqlServerCaptureStatements.changedKeyCount("dbo", "t", 42L))
        .isEqualTo(Tsql.of("SELECT COUNT_BIG(*) FROM CHANGETABLE(CHANGES [dbo].[t], ?) AS ct", 42L));
  }

  @Test
  void thePilotsListLeavesOutKeysWhoseLastChangeWasOurs() {
    Tsql keys = SqlServerCaptureStatements.changedKeysNotOurs("dbo", "t", List.of("id"), 7L);
    assertThat(keys.text()).isEqualTo("SELECT ct.[id] FROM CHANGETABLE(CHANGES [dbo].[t], ?) AS ct"
        + " WHERE ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> 0x7570677261646563746C");
    assertThat(keys.parameters()).containsExactly(7L);
    assertThat(SqlServerCaptureStatements.changedKeyCountNotOurs("dbo", "t", 7L)).isEqualTo(Tsql.of(
        "SELECT COUNT_BIG(*) FROM CHANGETABLE(CHANGES [dbo].[t], ?) AS ct"
            + " WHERE ct.SYS_CHANGE_CONTEXT IS NULL OR ct.SYS_CHANGE_CONTEXT <> 0x7570677261646563746C", 7L));
    assertThat(SqlServerCaptureStatements.OWN_CONTEXT).isEqualTo("0x" + java.util.HexFormat.of().withUpperCase()
        .formatHex("upgradectl".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  @Test
  void theColumnSignatureIncludesTypesNullabilityAndTheKey() {
    Tsql signature = SqlServerCaptureStatements.columnSignature("app]", "t'");
    assertThat(signature.text()).contains("TYPE_NAME(c.user_type_id), c.max_length, c.precision, c.scale, c.is_nullable,"
        + " COALESCE(ic.key_ordinal, 0)").contains("WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id");
    assertThat(signature.parameters()).containsExactly("[app]]].[t']");
  }

  @Test
  void rightsAreAskedOfTheServerBeforeAnythingChanges() {
    assertThat(SqlServerCaptureStatements.databasePermission().text())
        .isEqualTo("SELECT HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'ALTER')");
    assertThat(SqlServerCaptureStatements.tablePermissions("dbo", "t]")).isEqualTo(Tsql.of(
        "SELECT HAS_PERMS_BY_NAME(?, 'OBJECT', 'VIEW CHANGE TRACKING'), HAS_PERMS_BY_NAME(?, 'OBJECT', 'ALTER')",
        "[dbo].[t]]]", "[dbo].[t]]]"));
  }

  @Test
  void thePilotRecordsBothVersionsInATableOfItsOwnSchema() {
    assertThat(SqlServerCaptureStatements.createSchema()).isEqualTo(Tsql.of(
        "IF SCHEMA_ID(?) IS NULL EXEC(N'CREATE SCHEMA [upgradectl_capture]')", "upgradectl_capture"));
    assertThat(SqlServerCaptureStatements.createAppliedTable().text()).isEqualTo(
        "IF OBJECT_ID(?, 'U') IS NULL CREATE TABLE [upgradectl_capture].[applied] (production_version bigint NOT NULL,"
            + " pilot_version bigint NOT NULL, applied_at datetime2 NOT NULL)");
    assertThat(SqlServerCaptureStatements.recordApplied(10, 3)).isEqualTo(Tsql.of(
        "INSERT INTO [upgradectl_capture].[applied] (production_version, pilot_version, applied_at)"
            + " VALUES (?, ?, SYSUTCDATETIME())", 10L, 3L));
    assertThat(SqlServerCaptureStatements.readApplied().text())
        .isEqualTo("SELECT production_version, pilot_version FROM [upgradectl_capture].[applied]");
  }

  @Test
  void removalAsksWhetherTheDatabaseIsReadOnlyAndWhichOfOurPropertiesItCarries() {
    assertThat(SqlServerCaptureStatements.readOnly())
        .isEqualTo("SELECT CAST(is_read_only AS int) FROM sys.databases WHERE database_id = DB_ID()");
    assertThat(SqlServerChangeTrackingStatements.databasePropertiesNamed("a", "b']")).isEqualTo(Tsql.of(
        "SELECT name, CAST(value AS nvarchar(4000)) FROM sys.extended_properties WHERE class = 0 AND name IN (?, ?)",
        "a", "b']"));
    assertThat(SqlServerCaptureStatements.dropSchema()).isEqualTo(Tsql.of(
        "IF SCHEMA_ID(?) IS NOT NULL EXEC(N'DROP SCHEMA [upgradectl_capture]')", "upgradectl_capture"));
  }
}
