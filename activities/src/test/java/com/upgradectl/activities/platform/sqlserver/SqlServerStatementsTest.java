package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every text the SQL Server platform sends, exactly. The names are ones the operator-facing rule
 * would refuse ({@code ]}, {@code '}, spaces, unicode): the statements must stay correct for any
 * name the server itself may hold.
 */
class SqlServerStatementsTest {
  private static final String ODD = "Ümlaut ]db 'x";
  private static final String ODD_QUOTED = "[Ümlaut ]]db 'x]";

  @Test
  void lookupsBindTheNameAsAParameter() {
    assertThat(SqlServerStatements.databaseExists(ODD))
        .isEqualTo(Tsql.of("SELECT 1 FROM sys.databases WHERE name = ?", ODD));
    assertThat(SqlServerStatements.databaseState(ODD)).isEqualTo(Tsql.of(
        "SELECT state_desc, user_access_desc, is_read_only, recovery_model_desc FROM sys.databases WHERE name = ?",
        ODD));
    assertThat(SqlServerStatements.databaseFiles(ODD)).isEqualTo(Tsql.of(
        "SELECT name, physical_name, type_desc, size FROM sys.master_files WHERE database_id = DB_ID(?) ORDER BY file_id",
        ODD));
    assertThat(SqlServerStatements.deleteBackupFile("/b/it's.bak"))
        .isEqualTo(Tsql.outsideTransaction("EXECUTE master.dbo.xp_delete_file 0, N'/b/it''s.bak'"));
    assertThat(SqlServerStatements.databaseSize(ODD)).isEqualTo(Tsql.of(
        "SELECT SUM(CAST(size AS bigint)) * 8192 FROM sys.master_files WHERE database_id = DB_ID(?)", ODD));
  }

  @Test
  void createQuotesTheNameAndRunsInAutocommit() {
    assertThat(SqlServerStatements.createDatabase(ODD))
        .isEqualTo(Tsql.outsideTransaction("CREATE DATABASE " + ODD_QUOTED));
    assertThat(SqlServerStatements.createDatabase(ODD).autocommit()).isTrue();
  }

  @Test
  void dropTakesTheDatabaseToItselfFirst() {
    assertThat(texts(SqlServerStatements.dropDatabase(ODD, false))).containsExactly(
        "ALTER DATABASE " + ODD_QUOTED + " SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "DROP DATABASE " + ODD_QUOTED);
  }

  @Test
  void anOfflineDatabaseIsBroughtOnlineBeforeItIsDroppedSoItsFilesGoToo() {
    assertThat(texts(SqlServerStatements.dropDatabase(ODD, true))).containsExactly(
        "ALTER DATABASE " + ODD_QUOTED + " SET ONLINE",
        "ALTER DATABASE " + ODD_QUOTED + " SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "DROP DATABASE " + ODD_QUOTED);
  }

  @Test
  void renameIsSingleUserModifyNameThenTheAccessItHadOnTheNewName() {
    assertThat(texts(SqlServerStatements.renameDatabase("prod", "prod_v1 ]old", SqlServerStatements.MULTI_USER)))
        .containsExactly(
            "ALTER DATABASE [prod] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
            "ALTER DATABASE [prod] MODIFY NAME = [prod_v1 ]]old]",
            "ALTER DATABASE [prod_v1 ]]old] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
    assertThat(SqlServerStatements.renameRecovery("prod", SqlServerStatements.RESTRICTED_USER).text())
        .isEqualTo("ALTER DATABASE [prod] SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void offlineRollsBackAndOnlineSimplyOpens() {
    assertThat(SqlServerStatements.setOffline(ODD).text())
        .isEqualTo("ALTER DATABASE " + ODD_QUOTED + " SET OFFLINE WITH ROLLBACK IMMEDIATE");
    assertThat(SqlServerStatements.setOnline(ODD).text()).isEqualTo("ALTER DATABASE " + ODD_QUOTED + " SET ONLINE");
  }

  @Test
  void everyAlterDatabaseRunsInAutocommit() {
    List<Tsql> alters = new java.util.ArrayList<>();
    alters.addAll(SqlServerStatements.dropDatabase(ODD, true));
    alters.addAll(SqlServerStatements.renameDatabase(ODD, "b", SqlServerStatements.MULTI_USER));
    alters.addAll(SqlServerStatements.freeze(ODD));
    alters.addAll(SqlServerStatements.restore(ODD, true, "RESTRICTED_USER", false, "MULTI_USER"));
    alters.add(SqlServerStatements.setOffline(ODD));
    alters.add(SqlServerStatements.backup(ODD, "/b/x.bak", true));
    alters.add(SqlServerStatements.verifyBackup("/b/x.bak"));
    alters.add(SqlServerStatements.restore(ODD, "/b/x.bak", Map.of("a", "/d/a.mdf")));
    assertThat(alters).allSatisfy(t -> assertThat(t.autocommit()).as(t.text()).isTrue());
  }

  @Test
  void freezeIsReadOnlyThenRestrictedUserBothRollingBack() {
    assertThat(texts(SqlServerStatements.freeze(ODD))).containsExactly(
        "ALTER DATABASE " + ODD_QUOTED + " SET READ_ONLY WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE " + ODD_QUOTED + " SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE");
    assertThat(texts(SqlServerStatements.freezeWithoutReadOnly(ODD))).containsExactly(
        "ALTER DATABASE " + ODD_QUOTED + " SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void restoreWritesBeforeAccessAndOnlyWhatDiffers() {
    assertThat(texts(SqlServerStatements.restore("prod", true, "RESTRICTED_USER", false, "MULTI_USER")))
        .containsExactly(
            "ALTER DATABASE [prod] SET READ_WRITE WITH ROLLBACK IMMEDIATE",
            "ALTER DATABASE [prod] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
    assertThat(texts(SqlServerStatements.restore("prod", true, "MULTI_USER", false, "MULTI_USER")))
        .containsExactly("ALTER DATABASE [prod] SET READ_WRITE WITH ROLLBACK IMMEDIATE");
    assertThat(SqlServerStatements.restore("prod", false, "MULTI_USER", false, "MULTI_USER")).isEmpty();
    assertThat(texts(SqlServerStatements.restore("prod", true, "RESTRICTED_USER", true, "RESTRICTED_USER"))).isEmpty();
  }

  @Test
  void anUnknownUserAccessIsRefusedBeforeAnyTextIsBuilt() {
    assertThatThrownBy(() -> SqlServerStatements.setUserAccess("prod", "MULTI_USER; DROP DATABASE x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a SQL Server user access mode");
  }

  @Test
  void theLabelIsAnExtendedPropertyReadAndWrittenInTheDatabaseWithBoundValues() {
    assertThat(SqlServerStatements.readLabel(ODD)).isEqualTo(Tsql.of(
        "SELECT CAST(value AS nvarchar(4000)) FROM " + ODD_QUOTED + ".sys.extended_properties"
            + " WHERE class = 0 AND name = ?", "upgradectl"));
    assertThat(SqlServerStatements.writeLabel(ODD, "upgradectl:pilot-of=it's")).isEqualTo(Tsql.of(
        "IF EXISTS (SELECT 1 FROM " + ODD_QUOTED + ".sys.extended_properties WHERE class = 0 AND name = ?)\n"
            + "  EXEC " + ODD_QUOTED + ".sys.sp_updateextendedproperty @name = ?, @value = ?\n"
            + "ELSE\n"
            + "  EXEC " + ODD_QUOTED + ".sys.sp_addextendedproperty @name = ?, @value = ?",
        "upgradectl", "upgradectl", "upgradectl:pilot-of=it's", "upgradectl", "upgradectl:pilot-of=it's"));
  }

  @Test
  void privilegesAreAskedOfTheServerNotAssumed() {
    assertThat(SqlServerStatements.freezePrivileges().text()).isEqualTo(
        "SELECT SUSER_SNAME(), IS_SRVROLEMEMBER('sysadmin'), IS_SRVROLEMEMBER('dbcreator'),"
            + " HAS_PERMS_BY_NAME(NULL, NULL, 'ALTER ANY CONNECTION'), HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE')");
  }

  @Test
  void sessionsAreThoseUsingOrLockingTheDatabaseBoundByNameExceptOurOwn() {
    Tsql sessions = SqlServerStatements.sessions(ODD);
    assertThat(sessions.parameters()).containsExactly("upgradectl", ODD, ODD);
    assertThat(sessions.text())
        .contains("FROM sys.dm_exec_sessions s")
        .contains("sys.dm_exec_connections ec")
        .contains("sys.dm_tran_session_transactions st")
        .contains("JOIN sys.dm_tran_active_transactions at ON at.transaction_id = st.transaction_id")
        .contains("WHERE s.is_user_process = 1 AND s.session_id <> @@SPID")
        .contains("AND (s.database_id = DB_ID(?)")
        .contains("l.resource_type = 'DATABASE'")
        .contains("l.resource_database_id = DB_ID(?)")
        .contains("CASE WHEN s.program_name = ? AND s.login_name = SUSER_SNAME() THEN 1 ELSE 0 END")
        .doesNotContain(ODD);
  }

  @Test
  void killTakesOnlyAPositiveSessionNumber() {
    assertThat(SqlServerStatements.kill(57).text()).isEqualTo("KILL 57");
    assertThatThrownBy(() -> SqlServerStatements.kill(0)).hasMessage("not a session id: 0");
    assertThatThrownBy(() -> SqlServerStatements.kill(-3)).hasMessage("not a session id: -3");
  }

  @Test
  void tableQueriesReadUserTablesThroughHeapOrClusteredIndexOnly() {
    assertThat(SqlServerStatements.writeCounters().text())
        .contains("leaf_insert_count + o.leaf_update_count + o.leaf_delete_count + o.leaf_ghost_count")
        .contains("sys.dm_db_index_operational_stats(DB_ID(), NULL, NULL, NULL)")
        .contains("o.index_id IN (0, 1)")
        .contains("WHERE t.is_ms_shipped = 0");
    assertThat(SqlServerStatements.estimatedRows().text())
        .contains("SUM(p.rows)").contains("p.index_id IN (0, 1)").contains("WHERE t.is_ms_shipped = 0");
    assertThat(SqlServerStatements.tableShapes().text())
        .contains("TYPE_NAME(c.user_type_id), c.max_length, c.precision, c.scale")
        .contains("c.default_object_id <> 0 OR c.is_identity = 1")
        .contains("ORDER BY s.name, t.name, c.column_id");
  }

  @Test
  void columnTypesAreWrittenAsACastWouldNeedThem() {
    assertThat(SqlServerStatements.columnType("nvarchar", 400, 0, 0)).isEqualTo("nvarchar(200)");
    assertThat(SqlServerStatements.columnType("nvarchar", -1, 0, 0)).isEqualTo("nvarchar(max)");
    assertThat(SqlServerStatements.columnType("varchar", 50, 0, 0)).isEqualTo("varchar(50)");
    assertThat(SqlServerStatements.columnType("varbinary", -1, 0, 0)).isEqualTo("varbinary(max)");
    assertThat(SqlServerStatements.columnType("nchar", 20, 0, 0)).isEqualTo("nchar(10)");
    assertThat(SqlServerStatements.columnType("decimal", 9, 12, 2)).isEqualTo("decimal(12,2)");
    assertThat(SqlServerStatements.columnType("datetime2", 8, 27, 7)).isEqualTo("datetime2(7)");
    assertThat(SqlServerStatements.columnType("int", 4, 10, 0)).isEqualTo("int");
    assertThat(SqlServerStatements.columnType("uniqueidentifier", 16, 0, 0)).isEqualTo("uniqueidentifier");
  }

  @Test
  void serverFactsComeFromServerPropertyAndVolumeStats() {
    assertThat(SqlServerStatements.edition().text()).isEqualTo(
        "SELECT CAST(SERVERPROPERTY('Edition') AS nvarchar(128)), CAST(SERVERPROPERTY('EngineEdition') AS int),"
            + " CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128))");
    assertThat(SqlServerStatements.volumes().text())
        .contains("CROSS APPLY sys.dm_os_volume_stats(f.database_id, f.file_id) v");
  }

  @Test
  void backupCompressionIsLeftOutOnExpressAndWeb() {
    assertThat(SqlServerStatements.supportsBackupCompression("Enterprise Edition: Core-based Licensing (64-bit)")).isTrue();
    assertThat(SqlServerStatements.supportsBackupCompression("Developer Edition (64-bit)")).isTrue();
    assertThat(SqlServerStatements.supportsBackupCompression("Standard Edition (64-bit)")).isTrue();
    assertThat(SqlServerStatements.supportsBackupCompression("Express Edition (64-bit)")).isFalse();
    assertThat(SqlServerStatements.supportsBackupCompression("Express Edition with Advanced Services (64-bit)")).isFalse();
    assertThat(SqlServerStatements.supportsBackupCompression("Web Edition (64-bit)")).isFalse();
  }

  @Test
  void backupIsCopyOnlyWithChecksumsAndPathsAsUnicodeLiterals() {
    assertThat(SqlServerStatements.backup(ODD, "/var/opt/mssql/backup/it's.bak", true).text()).isEqualTo(
        "BACKUP DATABASE " + ODD_QUOTED + " TO DISK = N'/var/opt/mssql/backup/it''s.bak'"
            + " WITH COPY_ONLY, CHECKSUM, COMPRESSION, INIT");
    assertThat(SqlServerStatements.backup("prod", "D:\\backup\\prod.bak", false).text()).isEqualTo(
        "BACKUP DATABASE [prod] TO DISK = N'D:\\backup\\prod.bak' WITH COPY_ONLY, CHECKSUM, INIT");
    assertThat(SqlServerStatements.verifyBackup("/b/é'.bak").text())
        .isEqualTo("RESTORE VERIFYONLY FROM DISK = N'/b/é''.bak' WITH CHECKSUM");
    assertThat(SqlServerStatements.headerOnly("/b/é'.bak").text())
        .isEqualTo("RESTORE HEADERONLY FROM DISK = N'/b/é''.bak'");
    assertThat(SqlServerStatements.fileListOnly("/b/é'.bak").text())
        .isEqualTo("RESTORE FILELISTONLY FROM DISK = N'/b/é''.bak'");
  }

  @Test
  void restoreReplacesAndMovesEveryFileBackWhereItWas() {
    Map<String, String> moves = new LinkedHashMap<>();
    moves.put("prod", "/var/opt/mssql/data/prod.mdf");
    moves.put("prod_log'1", "/var/opt/mssql/data/prod_log.ldf");
    assertThat(SqlServerStatements.restore(ODD, "/b/prod.bak", moves).text()).isEqualTo(
        "RESTORE DATABASE " + ODD_QUOTED + " FROM DISK = N'/b/prod.bak' WITH REPLACE, CHECKSUM,"
            + " MOVE N'prod' TO N'/var/opt/mssql/data/prod.mdf',"
            + " MOVE N'prod_log''1' TO N'/var/opt/mssql/data/prod_log.ldf'");
  }

  @Test
  void aCopyIsRestoredWithoutReplaceSoAnExistingDatabaseIsNeverOverwritten() {
    assertThat(SqlServerStatements.restoreAsCopy("prod_safety", "/b/prod.bak",
        Map.of("prod", "/var/opt/mssql/data/prod_safety_prod.mdf")).text()).isEqualTo(
        "RESTORE DATABASE [prod_safety] FROM DISK = N'/b/prod.bak' WITH CHECKSUM,"
            + " MOVE N'prod' TO N'/var/opt/mssql/data/prod_safety_prod.mdf'");
  }

  @Test
  void aCopysFilesLieNextToTheSourcesNamedAfterTheCopy() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("prod", "/var/opt/mssql/data/prod.mdf");
    files.put("prod_log", "/var/opt/mssql/log/prod_log.ldf");
    files.put("prod data/2", "D:\\Data\\prod_2.ndf");
    files.put("prod data:2", "D:\\Data\\prod_3.ndf");
    assertThat(SqlServerStatements.copyFiles(files, "prod_safety")).containsExactly(
        Map.entry("prod", "/var/opt/mssql/data/prod_safety_prod.mdf"),
        Map.entry("prod_log", "/var/opt/mssql/log/prod_safety_prod_log.ldf"),
        Map.entry("prod data/2", "D:\\Data\\prod_safety_prod_data_2.ndf"),
        Map.entry("prod data:2", "D:\\Data\\prod_safety_prod_data_2_2.ndf"));
  }

  @Test
  void whatARestoreDoesNotCarryIsReadAndGivenBack() {
    assertThat(SqlServerStatements.attributes(ODD)).isEqualTo(Tsql.of(
        "SELECT SUSER_SNAME(owner_sid), is_trustworthy_on, is_db_chaining_on FROM sys.databases WHERE name = ?", ODD));
    assertThat(SqlServerStatements.setOwner(ODD, "DOMAIN\\svc ]x").text())
        .isEqualTo("ALTER AUTHORIZATION ON DATABASE::" + ODD_QUOTED + " TO [DOMAIN\\svc ]]x]");
    assertThat(SqlServerStatements.setOption(ODD, "TRUSTWORTHY", true))
        .isEqualTo(Tsql.outsideTransaction("ALTER DATABASE " + ODD_QUOTED + " SET TRUSTWORTHY ON"));
    assertThat(SqlServerStatements.setOption(ODD, "DB_CHAINING", false).text())
        .isEqualTo("ALTER DATABASE " + ODD_QUOTED + " SET DB_CHAINING OFF");
    assertThatThrownBy(() -> SqlServerStatements.setOption(ODD, "RECOVERY SIMPLE; DROP", true))
        .hasMessageContaining("not a database option this platform restores");
    assertThat(SqlServerStatements.dropTable("flyway_schema_history").text())
        .isEqualTo("DROP TABLE IF EXISTS [flyway_schema_history]");
  }

  private static List<String> texts(List<Tsql> statements) {
    return statements.stream().map(Tsql::text).toList();
  }
}
