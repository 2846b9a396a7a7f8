package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.workflows.pilot.ProductionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The server operations against a real SQL Server; runs only where UPGRADE_TEST_SQLSERVER_URL
 * (with UPGRADE_TEST_SQLSERVER_USER and UPGRADE_TEST_SQLSERVER_PASSWORD, a sysadmin login) is set,
 * and is reported as skipped elsewhere. deploy/README.md says how to start a server for it.
 * UPGRADE_TEST_SQLSERVER_BACKUP_DIR names a directory the server can write (default
 * /var/opt/mssql/data, the server's default backup directory on Linux, inside the compose file's volume).
 */
@EnabledIfEnvironmentVariable(named = "UPGRADE_TEST_SQLSERVER_URL", matches = ".+")
class SqlServerServerLiveTest {
  private static final String PROFILE = "live";
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static PooledConnections connections;
  private static SqlServerServer server;

  @BeforeAll
  static void connect() {
    String backupDirectory = System.getenv().getOrDefault("UPGRADE_TEST_SQLSERVER_BACKUP_DIR", "/var/opt/mssql/data");
    connections = new PooledConnections(List.of(new ConnectionProfile(PROFILE, SqlServerPlatform.NAME,
        System.getenv("UPGRADE_TEST_SQLSERVER_URL"), System.getenv("UPGRADE_TEST_SQLSERVER_USER"),
        System.getenv("UPGRADE_TEST_SQLSERVER_PASSWORD"), backupDirectory)), 4, Duration.ofSeconds(10));
    server = (SqlServerServer) new DatabaseServers(connections).of(PROFILE);
  }

  @AfterAll
  static void close() {
    if (connections != null) {
      connections.close();
    }
  }

  private static String name(String base) {
    return base + "_" + SUFFIX;
  }

  private static void execute(String database, String sql) throws SQLException {
    try (Connection c = connections.dataSource(PROFILE, database).getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String scalar(String database, String sql) {
    return server.queryReadOnly(database, sql).orElse(null);
  }

  @Test
  void createRunScriptsLabelShapesAndDrop(@TempDir Path dir) throws Exception {
    String db = name("live_create");
    server.createDatabase(db);
    try {
      Path script = dir.resolve("v1.sql");
      Files.writeString(script, """
          CREATE TABLE dbo.ticket (id int IDENTITY PRIMARY KEY, title nvarchar(200) NOT NULL, amount decimal(12,2))
          GO
          CREATE VIEW dbo.open_ticket AS SELECT id, title FROM dbo.ticket
          GO
          INSERT INTO dbo.ticket (title) VALUES (N'GO on a line of its own
          GO
          stays in the string')
          GO 2
          """);
      server.runScripts(db, List.of(script));

      assertThat(scalar(db, "SELECT COUNT(*) FROM dbo.ticket")).isEqualTo("2");
      assertThat(server.tableShapes(db)).singleElement().satisfies(t -> {
        assertThat(t.name()).isEqualTo("ticket");
        assertThat(t.columns()).extracting(c -> c.name() + " " + c.type()).containsExactly(
            "id int", "title nvarchar(200)", "amount decimal(12,2)");
      });
      server.writeMarker(db, DatabaseMarker.preflightScratchOf("live-test"));
      server.writeMarker(db, DatabaseMarker.preflightScratchOf("live-test"));
      assertThat(DatabaseMarker.preflightScratchOf("live-test").isOn(server.readLabel(db))).isTrue();
    } finally {
      server.dropDatabase(db);
    }
    assertThat(server.databaseExists(db)).isFalse();
  }

  @Test
  void aFailingScriptLeavesNothingBehind(@TempDir Path dir) throws Exception {
    String db = name("live_script");
    server.createDatabase(db);
    try {
      Path script = dir.resolve("bad.sql");
      Files.writeString(script, "CREATE TABLE dbo.a (id int)\nGO\nSELECT * FROM dbo.missing\nGO\n");
      assertThatThrownBy(() -> server.runScripts(db, List.of(script))).hasMessageContaining("batch starting on line 3");
      assertThat(server.tableShapes(db)).isEmpty();
    } finally {
      server.dropDatabase(db);
    }
  }

  @Test
  void freezeRefusesWritesAndUnfreezeRestoresExactly() throws Exception {
    String db = name("live_freeze");
    server.createDatabase(db);
    try {
      execute(db, "CREATE TABLE dbo.t (id int PRIMARY KEY); INSERT INTO dbo.t VALUES (1)");
      assertThat(server.freezeRefusal()).isEmpty();
      ProductionSettings prior = server.captureSettings(db);
      long before = server.writeCounters(db).writesByTable().get("dbo.t");

      server.freeze(db);
      assertThatThrownBy(() -> execute(db, "INSERT INTO dbo.t VALUES (2)")).isInstanceOf(SQLException.class);
      assertThat(scalar(db, "SELECT COUNT(*) FROM dbo.t")).isEqualTo("1");
      assertThat(server.acceptsConnections(db)).isFalse();

      server.unfreeze(prior);
      server.unfreeze(prior);
      assertThat(server.captureSettings(db)).isEqualTo(prior);
      execute(db, "INSERT INTO dbo.t VALUES (3)");
      assertThat(server.writeCounters(db).writesByTable().get("dbo.t")).isGreaterThan(before);
    } finally {
      server.dropDatabase(db);
    }
  }

  @Test
  void renameSwitchOfflineAndBack() {
    String prod = name("live_prod");
    String pilot = name("live_pilot");
    String archive = name("live_archive");
    server.createDatabase(prod);
    server.createDatabase(pilot);
    try {
      ProductionSettings prior = server.captureSettings(prod);
      server.freeze(prod);
      server.renameDatabase(prod, archive);
      server.takeOffline(archive);
      server.renameDatabase(pilot, prod);
      assertThat(server.acceptsConnections(prod)).isTrue();
      assertThat(server.acceptsConnections(archive)).isFalse();
      assertThat(server.databaseFiles(prod)).isNotEmpty()
          .allSatisfy(f -> assertThat(f.physicalName()).contains(pilot));

      // the rollback
      server.renameDatabase(prod, pilot);
      server.bringOnline(archive);
      server.renameDatabase(archive, prod);
      server.unfreeze(new ProductionSettings(prod, prior.settings()));
      assertThat(server.acceptsConnections(prod)).isTrue();
      assertThat(server.captureSettings(prod).settings()).isEqualTo(prior.settings());
    } finally {
      for (String db : List.of(prod, pilot, archive)) {
        server.dropDatabase(db);
      }
    }
  }

  @Test
  void aSafetyCopyPutsTheDatabaseBackAsItWas() throws Exception {
    String db = name("live_backup");
    server.createDatabase(db);
    try {
      execute(db, "CREATE TABLE dbo.t (id int PRIMARY KEY); INSERT INTO dbo.t VALUES (1)");
      SqlServerGuardrails guardrails = server.guardrails(db, Duration.ofMinutes(5));
      assertThat(guardrails.state()).isEqualTo("ONLINE");
      assertThat(guardrails.sessionsCutOff()).isEmpty();

      SafetyCopy copy = server.createSafetyCopy(db, "live-test");
      execute(db, "INSERT INTO dbo.t VALUES (2)");
      server.restoreSafetyCopy(copy);

      assertThat(scalar(db, "SELECT COUNT(*) FROM dbo.t")).isEqualTo("1");
      assertThat(server.acceptsConnections(db)).isTrue();
    } finally {
      server.dropDatabase(db);
    }
  }

  @Test
  void aCopyIsANewDatabaseWithFilesOfItsOwn() throws Exception {
    String source = name("live_source");
    String target = name("live_copy");
    server.createDatabase(source);
    try {
      execute(source, "CREATE TABLE dbo.t (id int PRIMARY KEY); INSERT INTO dbo.t VALUES (1)");
      server.copyDatabase(source, target);
      assertThat(scalar(target, "SELECT COUNT(*) FROM dbo.t")).isEqualTo("1");
      assertThat(server.databaseFiles(target)).allSatisfy(f -> assertThat(f.physicalName()).contains(target));
      assertThat(server.databaseFiles(source)).allSatisfy(f -> assertThat(f.physicalName()).doesNotContain(target));
    } finally {
      server.dropDatabase(target);
      server.dropDatabase(source);
    }
  }
}
