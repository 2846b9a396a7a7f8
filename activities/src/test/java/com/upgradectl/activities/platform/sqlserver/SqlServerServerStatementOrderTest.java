package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.platform.SessionInfo;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.DatabaseAttributes.Setting;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The order in which the SQL Server server sends its statements, and what it sends after one
 * fails, through a {@link RecordingExecutor} (no server here; docs/SQLSERVER.md lists what is
 * verified only against a live one).
 */
class SqlServerServerStatementOrderTest {
  private final RecordingExecutor executor = new RecordingExecutor();
  private final SqlServerServer server = new SqlServerServer(null, "mssql", Duration.ofSeconds(1), executor);

  private static List<Object> state(String state, String access, boolean readOnly) {
    return Arrays.asList(state, access, readOnly, "FULL");
  }

  private RecordingExecutor withState(String database, String state, String access, boolean readOnly) {
    return executor.answer(SqlServerStatements.databaseState(database), state(state, access, readOnly));
  }

  @Test
  void freezeMakesTheDatabaseReadOnlyBeforeRestrictingItsUsers() throws SQLException {
    server.doRefuseNewSessions(null, "prod");

    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [prod] SET READ_ONLY WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void whereReadOnlyIsRefusedForAMirroredDatabaseFreezeRestrictsUsersOnly() throws SQLException {
    executor.fail("ALTER DATABASE [prod] SET READ_ONLY WITH ROLLBACK IMMEDIATE", 1468);

    server.doRefuseNewSessions(null, "prod");

    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [prod] SET READ_ONLY WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void anyOtherFailureOfReadOnlyStopsTheFreeze() {
    executor.fail("ALTER DATABASE [prod] SET READ_ONLY WITH ROLLBACK IMMEDIATE", 5011);

    assertThatThrownBy(() -> server.doRefuseNewSessions(null, "prod")).isInstanceOf(SQLException.class);
    assertThat(executor.changes()).containsExactly("ALTER DATABASE [prod] SET READ_ONLY WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void captureRecordsReadOnlyAndUserAccess() throws SQLException {
    withState("prod", "ONLINE", "MULTI_USER", false);

    assertThat(server.doCaptureSettings(null, "prod"))
        .isEqualTo(Map.of(SqlServerServer.READ_ONLY, "false", SqlServerServer.USER_ACCESS, "MULTI_USER"));
  }

  @Test
  void unfreezeMakesTheDatabaseWritableBeforeLettingTheApplicationBackIn() throws SQLException {
    withState("prod", "ONLINE", "RESTRICTED_USER", true);

    server.doRestoreSettings(null, "prod", Map.of("readOnly", "false", "userAccess", "MULTI_USER"));

    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [prod] SET READ_WRITE WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void unfreezeOfAnUnfrozenDatabaseChangesNothing() throws SQLException {
    withState("prod", "ONLINE", "MULTI_USER", false);

    server.doRestoreSettings(null, "prod", Map.of("readOnly", "false", "userAccess", "MULTI_USER"));

    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void unfreezeRestoresAStateThatWasRestrictedBeforeTheFreezeExactly() throws SQLException {
    withState("prod", "ONLINE", "RESTRICTED_USER", true);

    server.doRestoreSettings(null, "prod", Map.of("readOnly", "false", "userAccess", "RESTRICTED_USER"));

    assertThat(executor.changes()).containsExactly("ALTER DATABASE [prod] SET READ_WRITE WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void settingsOfAnotherPlatformAreRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> server.doRestoreSettings(null, "prod", Map.of("connectionLimit", "-1")))
        .isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureTypes.BAD_INPUT))
        .hasMessageContaining("are not SQL Server settings");
    assertThat(executor.sent()).isEmpty();
  }

  @Test
  void theSwitchFreezesRenamesProductionTakesTheArchiveOfflineThenRenamesThePilot() throws SQLException {
    withState("prod", "ONLINE", "MULTI_USER", false);
    server.doRefuseNewSessions(null, "prod");
    withState("prod", "ONLINE", "RESTRICTED_USER", true);
    withState("pilot", "ONLINE", "MULTI_USER", false);

    server.doRenameDatabase(null, "prod", "prod_v1");
    server.doAllowConnections(null, "prod_v1", false);
    server.doRenameDatabase(null, "pilot", "prod");

    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [prod] SET READ_ONLY WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] MODIFY NAME = [prod_v1]",
        // the frozen production keeps the application out under its archive name too
        "ALTER DATABASE [prod_v1] SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod_v1] SET OFFLINE WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [pilot] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [pilot] MODIFY NAME = [prod]",
        "ALTER DATABASE [prod] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void theRollbackRenamesThePilotBackBringsTheArchiveOnlineRenamesItBackAndUnfreezes() throws SQLException {
    withState("prod", "ONLINE", "MULTI_USER", false);
    withState("prod_v1", "OFFLINE", "RESTRICTED_USER", true);

    server.doRenameDatabase(null, "prod", "pilot");
    server.doAllowConnections(null, "prod_v1", true);
    withState("prod_v1", "ONLINE", "RESTRICTED_USER", true);
    server.doRenameDatabase(null, "prod_v1", "prod");
    withState("prod", "ONLINE", "RESTRICTED_USER", true);
    server.doRestoreSettings(null, "prod", Map.of("readOnly", "false", "userAccess", "MULTI_USER"));

    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [prod] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] MODIFY NAME = [pilot]",
        "ALTER DATABASE [pilot] SET MULTI_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod_v1] SET ONLINE",
        "ALTER DATABASE [prod_v1] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod_v1] MODIFY NAME = [prod]",
        "ALTER DATABASE [prod] SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] SET READ_WRITE WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void aRenameThatFailsGivesTheOldNameItsUserAccessBackAndReportsTheError() {
    withState("prod", "ONLINE", "MULTI_USER", false);
    executor.fail("ALTER DATABASE [prod] MODIFY NAME = [prod_v1]", 5030);

    assertThatThrownBy(() -> server.doRenameDatabase(null, "prod", "prod_v1"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(5030));
    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [prod] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] MODIFY NAME = [prod_v1]",
        "ALTER DATABASE [prod] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
    assertThat(server.isInUse(new SQLException("x", "S0001", 5030))).isTrue();
  }

  @Test
  void deadlocksLockTimeoutsAndADatabaseInUseMayPassOtherServerErrorsDoNot() {
    assertThat(server.isTransientError(new SQLException("deadlock", "S0001", 1205))).isTrue();
    assertThat(server.isTransientError(new SQLException("lock timeout", "S0001", 1222))).isTrue();
    assertThat(server.isTransientError(new SQLException("in use", "S0001", 5070))).isTrue();
    assertThat(server.isTransientError(new SQLException("permission denied", "S0001", 262))).isFalse();
    assertThat(server.isTransientError(new SQLException("syntax", "S0001", 102))).isFalse();
  }

  @Test
  void aDatabaseLeftInSingleUserByACrashedRenameIsOpenedToEveryoneAfterTheRename() throws SQLException {
    withState("prod", "ONLINE", "SINGLE_USER", false);

    server.doRenameDatabase(null, "prod", "prod_v1");

    assertThat(executor.changes()).last().isEqualTo("ALTER DATABASE [prod_v1] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void dropTakesTheDatabaseToItselfThenDropsIt() throws SQLException {
    withState("pilot", "ONLINE", "MULTI_USER", false);

    server.doDropDatabase(null, "pilot");

    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [pilot] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "DROP DATABASE [pilot]");
  }

  @Test
  void dropOfAnOfflineDatabaseBringsItOnlineFirst() throws SQLException {
    withState("old", "OFFLINE", "MULTI_USER", false);

    server.doDropDatabase(null, "old");

    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [old] SET ONLINE",
        "ALTER DATABASE [old] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "DROP DATABASE [old]");
  }

  @Test
  void aRefusedDropLeavesTheDatabaseOpenAsItWas() {
    withState("pilot", "ONLINE", "MULTI_USER", false);
    executor.fail("DROP DATABASE [pilot]", 3702);

    assertThatThrownBy(() -> server.doDropDatabase(null, "pilot")).isInstanceOf(SQLException.class);
    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [pilot] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "DROP DATABASE [pilot]",
        "ALTER DATABASE [pilot] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void dropOfADatabaseThatIsGoneSendsNothing() throws SQLException {
    server.doDropDatabase(null, "gone");

    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void offlineAndOnline() throws SQLException {
    server.doAllowConnections(null, "a", false);
    server.doAllowConnections(null, "a", true);

    assertThat(executor.changes()).containsExactly(
        "ALTER DATABASE [a] SET OFFLINE WITH ROLLBACK IMMEDIATE", "ALTER DATABASE [a] SET ONLINE");
  }

  @Test
  void onlyAnOnlineDatabaseOpenToEveryoneAcceptsConnections() throws SQLException {
    withState("a", "ONLINE", "MULTI_USER", false);
    withState("b", "ONLINE", "RESTRICTED_USER", true);
    withState("c", "OFFLINE", "MULTI_USER", false);

    assertThat(server.doAcceptsConnections(null, "a")).isTrue();
    assertThat(server.doAcceptsConnections(null, "b")).isFalse();
    assertThat(server.doAcceptsConnections(null, "c")).isFalse();
    assertThat(server.doAcceptsConnections(null, "missing")).isFalse();
  }

  @Test
  void theLabelOfAnOfflineDatabaseIsNotReadAndThatOfAnOnlineOneIs() throws SQLException {
    withState("off", "OFFLINE", "MULTI_USER", false);
    withState("pilot", "ONLINE", "MULTI_USER", false);
    executor.answer(SqlServerStatements.readLabel("pilot"), List.of("upgradectl:pilot-of=prod"));

    assertThat(server.doReadLabel(null, "off")).isEmpty();
    assertThat(server.doReadLabel(null, "pilot")).contains("upgradectl:pilot-of=prod");
    assertThat(executor.sent()).doesNotContain(SqlServerStatements.readLabel("off").text());
  }

  @Test
  void freezeIsRefusedNamingTheMissingPermissionsUnlessSysadmin() throws SQLException {
    executor.answer(SqlServerStatements.freezePrivileges(), List.of("app_admin", 0, 1, 0, 1));
    assertThat(server.doFreezeRefusal(null)).hasValueSatisfying(reason -> assertThat(reason)
        .contains("connects as app_admin, which lacks ALTER ANY CONNECTION;"));

    executor.answer(SqlServerStatements.freezePrivileges(), List.of("ops_no_role", 0, 0, 1, 1));
    assertThat(server.doFreezeRefusal(null)).hasValueSatisfying(reason -> assertThat(reason)
        .contains("connects as ops_no_role, which lacks the dbcreator role;"));

    executor.answer(SqlServerStatements.freezePrivileges(), List.of("sa", 1, 0, 0, 0));
    assertThat(server.doFreezeRefusal(null)).isEmpty();

    executor.answer(SqlServerStatements.freezePrivileges(), List.of("ops", 0, 1, 1, 1));
    assertThat(server.doFreezeRefusal(null)).isEmpty();
  }

  @Test
  void sessionsCarryTheirLoginProgramAddressHostAndTransactionAge() throws SQLException {
    executor.answer(SqlServerStatements.sessions("prod"),
        Arrays.asList((short) 61, "app", 0, "ServiceDesk", "10.0.0.7", "APP01", "sleeping", 5_000L, 90_000L, 0),
        Arrays.asList((short) 62, "sa", 1, "upgradectl", null, null, "running", 10L, null, 1));

    List<SessionInfo> sessions = server.doSessions(null, "prod");

    assertThat(sessions).hasSize(2);
    SessionInfo app = sessions.get(0);
    assertThat(app.pid()).isEqualTo(61);
    assertThat(app.user()).isEqualTo("app");
    assertThat(app.superuser()).isFalse();
    assertThat(app.application()).isEqualTo("ServiceDesk");
    assertThat(app.clientAddress()).isEqualTo("10.0.0.7 (host APP01)");
    assertThat(app.transactionAge()).isEqualTo(Duration.ofSeconds(90));
    assertThat(app.queryStart()).isBefore(Instant.now().minusSeconds(4));
    assertThat(app.ours()).isFalse();
    assertThat(sessions.get(1).ours()).isTrue();
    assertThat(sessions.get(1).superuser()).isTrue();
    assertThat(sessions.get(1).transactionAge()).isNull();
  }

  @Test
  void killingASessionThatEndedMeanwhileIsNoError() throws SQLException {
    executor.fail("KILL 61", 6106);
    server.doEndSession(null, 61);

    executor.fail("KILL 62", 6104);
    assertThatThrownBy(() -> server.doEndSession(null, 62)).isInstanceOf(SQLException.class);
  }

  @Test
  void scriptsRunBatchByBatchRepeatedAsGoSaysAndAFailureNamesItsLine() throws SQLException {
    server.doRunScript(null, "CREATE TABLE t (id int)\nGO\nINSERT INTO t VALUES (1)\nGO 2\nCREATE VIEW v AS SELECT id FROM t\n");
    assertThat(executor.sent()).containsExactly("CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)",
        "INSERT INTO t VALUES (1)", "CREATE VIEW v AS SELECT id FROM t");

    executor.fail("SELECT nope", 207);
    assertThatThrownBy(() -> server.doRunScript(null, "SELECT 1\nGO\n\nSELECT nope\nGO\nSELECT 3"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(207))
        .hasMessageStartingWith("batch starting on line 3: ");
    assertThat(executor.sent()).last().isEqualTo("SELECT nope");
  }

  @Test
  void aScriptThatCannotBeSplitIsBadInputBeforeAnythingIsSent() {
    assertThatThrownBy(() -> server.doRunScript(null, "SELECT N'open\nGO\n"))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.BAD_INPUT))
        .hasMessageContaining("a string opened on line 1 is never closed");
    assertThat(executor.sent()).isEmpty();
  }

  @Test
  void aSafetyCopyIsCompressedWhereTheEditionHasItThenVerified() throws SQLException {
    executor.answer(SqlServerStatements.edition(), List.of("Developer Edition (64-bit)", 3, "16.0.4135.4"));
    assertThat(server.doBackup(null, "prod", "/backup/prod-x.bak")).isTrue();
    assertThat(executor.changes()).containsExactly(
        "BACKUP DATABASE [prod] TO DISK = N'/backup/prod-x.bak' WITH COPY_ONLY, CHECKSUM, COMPRESSION, INIT",
        "RESTORE VERIFYONLY FROM DISK = N'/backup/prod-x.bak' WITH CHECKSUM");
  }

  @Test
  void onExpressTheSafetyCopyIsUncompressed() throws SQLException {
    executor.answer(SqlServerStatements.edition(), List.of("Express Edition (64-bit)", 4, "16.0.4135.4"));
    assertThat(server.doBackup(null, "prod", "/backup/prod-x.bak")).isFalse();
    assertThat(executor.changes()).first()
        .isEqualTo("BACKUP DATABASE [prod] TO DISK = N'/backup/prod-x.bak' WITH COPY_ONLY, CHECKSUM, INIT");
  }

  private void backupOf(String file, String database) {
    List<Object> header = Arrays.asList(null, null, 1, null, 1, 1, 2, "sa", "mssql1", database);
    executor.answer(SqlServerStatements.headerOnly(file), header);
  }

  @Test
  void aBackupOfAnotherDatabaseIsNeverRestoredOverThisOne() {
    backupOf("/b/other.bak", "other");
    withState("prod", "ONLINE", "MULTI_USER", false);

    assertThatThrownBy(() -> server.doRestore(null, new SafetyCopy("prod", "/b/other.bak", Instant.now(), true)))
        .isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureTypes.PRECONDITION))
        .hasMessageContaining("backup /b/other.bak is of database other, not of prod");
    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void restoreReadsTheFileListTakesTheDatabaseToItselfThenRestoresWithEveryFileMovedBack() throws SQLException {
    backupOf("/backup/prod-x.bak", "prod");
    withState("prod", "ONLINE", "MULTI_USER", false);
    executor.answer(SqlServerStatements.fileListOnly("/backup/prod-x.bak"),
        List.of("prod", "/var/opt/mssql/data/prod.mdf", "D"),
        List.of("prod_log", "/var/opt/mssql/data/prod_log.ldf", "L"));

    server.doRestore(null, new SafetyCopy("prod", "/backup/prod-x.bak", Instant.now(), true));

    assertThat(executor.sent()).containsSubsequence(
        "RESTORE HEADERONLY FROM DISK = N'/backup/prod-x.bak'",
        "RESTORE FILELISTONLY FROM DISK = N'/backup/prod-x.bak'",
        "ALTER DATABASE [prod] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "RESTORE DATABASE [prod] FROM DISK = N'/backup/prod-x.bak' WITH REPLACE, CHECKSUM,"
            + " MOVE N'prod' TO N'/var/opt/mssql/data/prod.mdf',"
            + " MOVE N'prod_log' TO N'/var/opt/mssql/data/prod_log.ldf'");
  }

  @Test
  void aFailedRestoreGivesTheDatabaseItsUserAccessBack() {
    backupOf("/b/p.bak", "prod");
    withState("prod", "ONLINE", "MULTI_USER", false);
    executor.answer(SqlServerStatements.fileListOnly("/b/p.bak"), List.of("prod", "/d/prod.mdf", "D"));
    executor.fail("RESTORE DATABASE [prod] FROM DISK = N'/b/p.bak' WITH REPLACE, CHECKSUM, MOVE N'prod' TO N'/d/prod.mdf'",
        3101);

    assertThatThrownBy(() -> server.doRestore(null, new SafetyCopy("prod", "/b/p.bak", Instant.now(), true)))
        .isInstanceOf(SQLException.class);
    assertThat(executor.changes()).last().isEqualTo("ALTER DATABASE [prod] SET MULTI_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void aBackupListingNoFilesIsNotRestored() {
    backupOf("/b/empty.bak", "prod");
    assertThatThrownBy(() -> server.doRestore(null, new SafetyCopy("prod", "/b/empty.bak", Instant.now(), true)))
        .hasMessageContaining("lists no files");
    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void aDatabaseIsCopiedByABackupRestoredUnderTheNewNameWithFilesOfItsOwn() throws SQLException {
    try (PooledConnections connections = new PooledConnections(List.of(new ConnectionProfile("mssql", "sqlserver",
        "jdbc:sqlserver://nowhere.invalid:1", "sa", "x", "/var/opt/mssql/backup")), 2, Duration.ofSeconds(1))) {
      SqlServerServer withBackups = new SqlServerServer(connections, "mssql", Duration.ofSeconds(1), executor);
      executor.answer(SqlServerStatements.edition(), List.of("Standard Edition (64-bit)", 2, "16.0.4135.4"));
      executor.answer(SqlServerStatements.fileListOnly("/var/opt/mssql/backup/prod-copy-to-prod_safety.bak"),
          List.of("prod", "/var/opt/mssql/data/prod.mdf", "D"),
          List.of("prod_log", "/var/opt/mssql/data/prod_log.ldf", "L"));

      withBackups.doCopyDatabase(null, "prod", "prod_safety");

      assertThat(executor.changes()).containsExactly(
          "BACKUP DATABASE [prod] TO DISK = N'/var/opt/mssql/backup/prod-copy-to-prod_safety.bak'"
              + " WITH COPY_ONLY, CHECKSUM, COMPRESSION, INIT",
          "RESTORE VERIFYONLY FROM DISK = N'/var/opt/mssql/backup/prod-copy-to-prod_safety.bak' WITH CHECKSUM",
          "RESTORE DATABASE [prod_safety] FROM DISK = N'/var/opt/mssql/backup/prod-copy-to-prod_safety.bak'"
              + " WITH CHECKSUM, MOVE N'prod' TO N'/var/opt/mssql/data/prod_safety_prod.mdf',"
              + " MOVE N'prod_log' TO N'/var/opt/mssql/data/prod_safety_prod_log.ldf'");
    }
  }

  @Test
  void attributesAreTheOwnerAndTheOptionsARestoreTurnsOff() throws SQLException {
    executor.answer(SqlServerStatements.attributes("prod"), List.of("CORP\\app_owner", true, false));

    DatabaseAttributes attributes = server.doCaptureAttributes(null, "prod");

    assertThat(attributes).isEqualTo(new DatabaseAttributes("prod", "CORP\\app_owner", null, true, List.of(),
        List.of(new Setting(null, "TRUSTWORTHY", "ON"), new Setting(null, "DB_CHAINING", "OFF"))));
  }

  @Test
  void attributesAreAppliedOwnerFirstThenEachOption() throws SQLException {
    server.doApplyAttributes(null, "prod", new DatabaseAttributes("prod_before", "CORP\\app_owner", null, true,
        List.of(), List.of(new Setting(null, "TRUSTWORTHY", "ON"), new Setting(null, "DB_CHAINING", "OFF"))));

    assertThat(executor.changes()).containsExactly(
        "ALTER AUTHORIZATION ON DATABASE::[prod] TO [CORP\\app_owner]",
        "ALTER DATABASE [prod] SET TRUSTWORTHY ON",
        "ALTER DATABASE [prod] SET DB_CHAINING OFF");
  }

  @Test
  void attributesOfAnotherPlatformAreRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> server.doApplyAttributes(null, "prod", new DatabaseAttributes("prod", "postgres",
        "a comment", false, List.of(), List.of(new Setting("app", "search_path", "app, public")))))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.BAD_INPUT))
        .hasMessageContaining("SQL Server cannot apply");
    assertThatThrownBy(() -> server.doApplyAttributes(null, "prod", new DatabaseAttributes("prod", "postgres",
        "a comment", true, List.of(), List.of())))
        .hasMessageContaining("are not SQL Server's");
    assertThat(executor.sent()).isEmpty();
  }

  @Test
  void aTableIsDroppedOnlyIfItExists() throws SQLException {
    server.doDropTable(null, "flyway_schema_history");

    assertThat(executor.changes()).containsExactly("DROP TABLE IF EXISTS [flyway_schema_history]");
  }

  @Test
  void backupFilesLieInTheConfiguredDirectoryWithItsSeparator() {
    assertThat(SqlServerServer.backupFile("/var/opt/mssql/backup/", "prod", "pre-upgrade.1"))
        .isEqualTo("/var/opt/mssql/backup/prod-pre-upgrade.1.bak");
    assertThat(SqlServerServer.backupFile("D:\\Backup", "prod", "x")).isEqualTo("D:\\Backup\\prod-x.bak");
    assertThat(SqlServerServer.backupFile("/", "prod", "x")).isEqualTo("/prod-x.bak");
  }

  @Test
  void theBackupVolumeIsTheLongestMountPointHoldingTheDirectory() {
    List<String> mounts = List.of("/", "/var/opt/mssql/", "/var/opt/mssql/backup-other/");
    assertThat(SqlServerServer.volumeOf("/var/opt/mssql/backup", mounts)).contains("/var/opt/mssql/");
    assertThat(SqlServerServer.volumeOf("/srv/backup", mounts)).contains("/");
    assertThat(SqlServerServer.volumeOf("e:\\Backup", List.of("C:\\", "E:\\"))).contains("E:\\");
    assertThat(SqlServerServer.volumeOf("F:\\Backup", List.of("C:\\", "E:\\"))).isEqualTo(Optional.empty());
  }
}
