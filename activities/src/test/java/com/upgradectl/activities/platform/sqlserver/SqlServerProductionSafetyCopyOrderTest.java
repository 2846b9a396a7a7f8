package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.production.SafetyCopies;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.DatabaseAttributes.Setting;
import com.upgradectl.workflows.production.ProductionPlan;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The production upgrade's safety copy on SQL Server, through its public seam
 * ({@link SafetyCopies#of}) down to the statements a {@link RecordingExecutor} records: a
 * copy-only backup to the profile's backup directory, and a restore WITH REPLACE over production,
 * which keeps its name and files, after the failed state was backed up beside it.
 */
class SqlServerProductionSafetyCopyOrderTest {
  private static final String DIRECTORY = "/var/opt/mssql/backup";
  private static final String SAFETY_FILE = DIRECTORY + "/prod-prod_v1_safety.bak";
  private static final String FAILED_FILE = DIRECTORY + "/prod-prod_failed_1.bak";
  private static final ProductionPlan PLAN = new ProductionPlan("mssql", "prod", "prod_v1_safety",
      new PackageRef("/pkg", "digest", "servicedesk", "1", "2"), false);
  private static final DatabaseAttributes ATTRIBUTES = new DatabaseAttributes("prod", "app_owner", null, true,
      List.of(), List.of(new Setting(null, "TRUSTWORTHY", "OFF"), new Setting(null, "DB_CHAINING", "OFF")));

  private final RecordingExecutor executor = new RecordingExecutor();

  private SafetyCopies copies(String backupDirectory) {
    SqlServerServer server = new SqlServerServer(new StatementOnlyConnections(new ConnectionProfile("mssql",
        "sqlserver", "jdbc:sqlserver://nowhere.invalid:1", "sa", "x", backupDirectory)), "mssql",
        Duration.ofSeconds(1), executor);
    return SafetyCopies.of(server);
  }

  private void prodExists(String state, String access, boolean readOnly) {
    executor.answer(SqlServerStatements.databaseExists("prod"), List.of(1));
    executor.answer(SqlServerStatements.databaseState("prod"), Arrays.asList(state, access, readOnly, "FULL"));
    executor.answer(SqlServerStatements.edition(), List.of("Enterprise Edition (64-bit)", 3, "16.0.4135.4"));
  }

  private void backupOfProdAt(String file) {
    Object[] header = new Object[12];
    header[SqlServerStatements.HEADER_DATABASE_NAME] = "prod";
    executor.answer(SqlServerStatements.headerOnly(file), Arrays.asList(header));
    executor.answer(SqlServerStatements.fileListOnly(file), List.of("prod", "/var/opt/mssql/data/prod.mdf", "D"),
        List.of("prod_log", "/var/opt/mssql/data/prod_log.ldf", "L"));
  }

  @Test
  void theSafetyCopyIsACopyOnlyBackupFileInTheBackupDirectoryVerifiedAfterwards() {
    prodExists("ONLINE", "RESTRICTED_USER", true);

    SafetyCopies copies = copies(DIRECTORY);
    copies.create(PLAN);

    assertThat(copies.describe(PLAN)).isEqualTo("backup file " + SAFETY_FILE);
    assertThat(executor.changes()).containsExactly(
        "BACKUP DATABASE [prod] TO DISK = N'" + SAFETY_FILE + "' WITH COPY_ONLY, CHECKSUM, COMPRESSION, INIT",
        "RESTORE VERIFYONLY FROM DISK = N'" + SAFETY_FILE + "' WITH CHECKSUM");
  }

  @Test
  void theRestoreKeepsTheFailedStateThenRestoresOverProductionWhichIsBlockedAndGetsItsAttributesBack() {
    prodExists("ONLINE", "RESTRICTED_USER", true);
    backupOfProdAt(SAFETY_FILE);
    executor.answer(SqlServerStatements.freezePrivileges(), List.of("sa", 1, 1, 1, 1));

    copies(DIRECTORY).restore(PLAN, "prod_failed_1", ATTRIBUTES);

    assertThat(executor.changes()).containsExactly(
        "BACKUP DATABASE [prod] TO DISK = N'" + FAILED_FILE + "' WITH COPY_ONLY, CHECKSUM, COMPRESSION, INIT",
        "RESTORE VERIFYONLY FROM DISK = N'" + FAILED_FILE + "' WITH CHECKSUM",
        "ALTER DATABASE [prod] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
        "RESTORE DATABASE [prod] FROM DISK = N'" + SAFETY_FILE + "' WITH REPLACE, CHECKSUM,"
            + " MOVE N'prod' TO N'/var/opt/mssql/data/prod.mdf', MOVE N'prod_log' TO N'/var/opt/mssql/data/prod_log.ldf'",
        "ALTER DATABASE [prod] SET READ_ONLY WITH ROLLBACK IMMEDIATE",
        "ALTER DATABASE [prod] SET RESTRICTED_USER WITH ROLLBACK IMMEDIATE",
        "ALTER AUTHORIZATION ON DATABASE::[prod] TO [app_owner]",
        "ALTER DATABASE [prod] SET TRUSTWORTHY OFF",
        "ALTER DATABASE [prod] SET DB_CHAINING OFF");
  }

  @Test
  void aRetriedRestoreDoesNotOverwriteTheFailedStateWithWhatItRestored() {
    prodExists("ONLINE", "RESTRICTED_USER", true);
    backupOfProdAt(SAFETY_FILE);
    backupOfProdAt(FAILED_FILE);
    executor.answer(SqlServerStatements.freezePrivileges(), List.of("sa", 1, 1, 1, 1));

    copies(DIRECTORY).restore(PLAN, "prod_failed_1", ATTRIBUTES);

    assertThat(executor.changes()).doesNotContain(
        "BACKUP DATABASE [prod] TO DISK = N'" + FAILED_FILE + "' WITH COPY_ONLY, CHECKSUM, COMPRESSION, INIT")
        .contains("ALTER DATABASE [prod] SET SINGLE_USER WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void aBackupOfTheFailedStateThatFailsDoesNotKeepProductionFromComingBack() {
    prodExists("ONLINE", "RESTRICTED_USER", true);
    backupOfProdAt(SAFETY_FILE);
    executor.answer(SqlServerStatements.freezePrivileges(), List.of("sa", 1, 1, 1, 1));
    executor.fail("BACKUP DATABASE [prod] TO DISK = N'" + FAILED_FILE + "' WITH COPY_ONLY, CHECKSUM, COMPRESSION, INIT",
        3202);

    copies(DIRECTORY).restore(PLAN, "prod_failed_1", ATTRIBUTES);

    assertThat(executor.changes()).contains("RESTORE DATABASE [prod] FROM DISK = N'" + SAFETY_FILE + "' WITH REPLACE,"
        + " CHECKSUM, MOVE N'prod' TO N'/var/opt/mssql/data/prod.mdf', MOVE N'prod_log' TO"
        + " N'/var/opt/mssql/data/prod_log.ldf'");
  }

  @Test
  void withoutAReadableSafetyCopyNothingIsChanged() {
    prodExists("ONLINE", "RESTRICTED_USER", true);
    executor.fail("RESTORE HEADERONLY FROM DISK = N'" + SAFETY_FILE + "'", 3201);

    assertThatThrownBy(() -> copies(DIRECTORY).restore(PLAN, "prod_failed_1", ATTRIBUTES))
        .isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureTypes.PRECONDITION))
        .hasMessageContaining(SAFETY_FILE).hasMessageContaining("nothing was changed");
    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void droppingTheSafetyCopyDeletesTheBackupFile() {
    copies(DIRECTORY).drop(PLAN);

    assertThat(executor.changes()).containsExactly("EXECUTE master.dbo.xp_delete_file 0, N'" + SAFETY_FILE + "'");
  }

  @Test
  void preflightRefusesASafetyCopyNameNoBackupFileMayCarry() {
    ProductionPlan plan = new ProductionPlan("mssql", "prod", "prod$safety", PLAN.upgradePackage(), false);

    assertThat(copies(DIRECTORY).preconditions(plan)).anySatisfy(p -> assertThat(p).contains("'prod$safety'"));
    assertThat(executor.changes()).isEmpty();
  }

  @Test
  void preflightRefusesWithoutABackupDirectory() {
    assertThat(copies(null).preconditions(PLAN)).singleElement().asString().contains("has no backupDirectory");
  }

  @Test
  void preflightRefusesAnExistingBackupFileAndTooLittleSpaceAndReportsTheGuardrails() {
    prodExists("ONLINE", "MULTI_USER", false);
    backupOfProdAt(SAFETY_FILE);
    executor.answer(SqlServerStatements.databaseFiles("prod"), List.of("prod", "/var/opt/mssql/data/prod.mdf", "ROWS",
        128_000L), List.of("prod_log", "/var/opt/mssql/data/prod_log.ldf", "LOG", 1_000L));
    executor.answer(SqlServerStatements.volumes(), List.of("/var/opt/mssql/", 100L * 1024 * 1024, 1L << 40));

    SafetyCopies copies = copies(DIRECTORY);

    assertThat(copies.preconditions(PLAN)).satisfiesExactly(
        p -> assertThat(p).contains("backup file " + SAFETY_FILE + " exists"),
        p -> assertThat(p).contains("only 100 MB are free on /var/opt/mssql/").contains("up to 1000 MB"));
    assertThat(copies.warnings(PLAN)).anySatisfy(w -> assertThat(w).contains("recovery model FULL"))
        .anySatisfy(w -> assertThat(w).contains("ONLINE, MULTI_USER, READ_WRITE"));
    assertThat(executor.changes()).isEmpty();
  }
}
