package com.upgradectl.activities.platform.sqlserver.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.copy.CopyCheckpoint;
import com.upgradectl.activities.copy.CopyJob;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.copy.Heartbeat;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopier;
import com.upgradectl.activities.platform.sqlserver.SqlServerIdentifiers;
import com.upgradectl.activities.platform.sqlserver.SqlServerPlatform;
import com.upgradectl.activities.progress.CopyMetrics;
import com.upgradectl.activities.progress.ProgressSink;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.FailureTypes;
import com.upgradectl.workflows.common.TableCheck;
import com.upgradectl.workflows.common.VerificationReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The SQL Server copier on its own against a real server, without Temporal: names and values T-SQL
 * text must not trip over, the read point it reports, NULL against the empty string in checksums,
 * resuming after the last committed chunk, the bulk copy's ORDER hint given only where the rows follow the
 * clustered key, constraints trusted and indexes rebuilt afterwards, the resync's all or
 * nothing, refreshes by the keys Change Tracking lists (and their whole-copy fallback). Skipped unless UPGRADE_TEST_SQLSERVER_URL is set (README).
 */
@EnabledIfEnvironmentVariable(named = SqlServerLiveFixture.URL, matches = ".+")
class SqlServerCopierLiveTest {
  private static final String PROFILE = "live";
  private static final SqlServerIdentifiers IDS = SqlServerIdentifiers.INSTANCE;
  /** A closing bracket, a quote, a space and unicode. */
  private static final String TABLE = "Tick]ets 'été' 票";
  private static final String SCHEMA = """
      CREATE TABLE [parent] (id int NOT NULL PRIMARY KEY, name nvarchar(50) NOT NULL);
      CREATE TABLE [Tick]]ets 'été' 票] ([Id]]] int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
        [n° 'x'] nvarchar(40) NULL, amount decimal(12,3) NULL, seen datetime2(7) NULL, photo varbinary(max) NULL,
        ratio float NULL, flag bit NOT NULL, parent_id int NULL);
      CREATE TABLE [no key] (v nvarchar(20) NULL);
      """;
  private static final String PILOT_EXTRAS = """
      ALTER TABLE [Tick]]ets 'été' 票] ADD scope nvarchar(100) NOT NULL, label nvarchar(200) NULL;
      ALTER TABLE [Tick]]ets 'été' 票] ADD CONSTRAINT [fk_parent ]] x] FOREIGN KEY (parent_id) REFERENCES [parent] (id);
      ALTER TABLE [Tick]]ets 'été' 票] ADD CONSTRAINT [ck_amount] CHECK (amount IS NULL OR amount >= 0);
      """;
  private static final String PRODUCTION_ROWS = """
      INSERT INTO [parent] VALUES (1, N'one'), (2, N'two');
      WITH d (d) AS (SELECT d FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v (d)),
           n (i) AS (SELECT TOP (2500) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) FROM d a, d b, d c, d e)
      INSERT INTO [Tick]]ets 'été' 票] ([n° 'x'], amount, seen, photo, ratio, flag, parent_id)
      SELECT CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN N'' WHEN 2 THEN N'it''s ] "q" \\ ✓' WHEN 3 THEN N'NULL' ELSE N'  x  ' END,
             CASE WHEN i % 7 = 0 THEN NULL ELSE i / 7.0 END,
             DATEADD(microsecond, CAST(i % 1000000 AS int), CAST('2024-02-29 23:59:59.1234567' AS datetime2(7))),
             CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN 0x ELSE 0x00FF5C0A END,
             CASE WHEN i % 4 = 0 THEN NULL ELSE 1.0 / i END,
             i % 2,
             CASE WHEN i % 6 = 0 THEN NULL ELSE 1 + i % 2 END
      FROM n;
      INSERT INTO [no key] VALUES (N'a'), (N'a'), (NULL), (N'');
      """;

  private static PooledConnections connections;
  private final List<String> databases = new ArrayList<>();
  private String production;
  private String pilot;

  @BeforeAll
  static void connect() {
    connections = new PooledConnections(List.of(new ConnectionProfile(PROFILE, SqlServerPlatform.NAME,
        System.getenv(SqlServerLiveFixture.URL), System.getenv("UPGRADE_TEST_SQLSERVER_USER"),
        System.getenv("UPGRADE_TEST_SQLSERVER_PASSWORD"))), 6, Duration.ofSeconds(10));
  }

  @AfterAll
  static void close() {
    connections.close();
  }

  @BeforeEach
  void createDatabases() throws SQLException {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    production = "copier prod ]'é_" + suffix;
    pilot = "copier pilot ]'é_" + suffix;
    for (String database : List.of(production, pilot)) {
      execute("master", "CREATE DATABASE " + IDS.quote(database));
      databases.add(database);
      execute(database, SCHEMA);
    }
    execute(pilot, PILOT_EXTRAS);
    execute(pilot, "INSERT INTO [parent] VALUES (1, N'one'), (2, N'two')");
    execute(production, PRODUCTION_ROWS);
  }

  @AfterEach
  void dropDatabases() throws SQLException {
    for (String database : databases) {
      connections.evict(PROFILE, database);
      execute("master", "ALTER DATABASE " + IDS.quote(database) + " SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE "
          + IDS.quote(database));
    }
  }

  @Test
  void hostileNamesAndValuesCopyExactlyAtADatabaseSnapshotAndConstraintsEndTrusted() throws Exception {
    CopyResult result = new SqlServerCopier().importTables(job(Heartbeat.NONE));

    assertThat(result.verification().tables()).hasSize(2).allMatch(TableCheck::matches);
    assertThat(result.readPoint()).startsWith("database snapshot upgradectl_snap_");
    assertThat(result.totalBytes()).as("bytes by production's stored rows, the bulk copy counting none").isPositive();
    assertThat(rows(pilot, "SELECT [Id]]], [n° 'x'], amount, seen, photo, ratio, flag, parent_id FROM " + IDS.quote(TABLE)
        + " WHERE [Id]]] % 2 = 0 ORDER BY 1"))
        .isEqualTo(rows(production, "SELECT [Id]]], [n° 'x'], amount, seen, photo, ratio, flag, parent_id FROM "
            + IDS.quote(TABLE) + " WHERE [Id]]] % 2 = 0 ORDER BY 1"));
    assertThat(rows(pilot, "SELECT DISTINCT scope FROM " + IDS.quote(TABLE))).containsExactly(List.of("it's ] \\"));
    assertThat(rows(pilot, "SELECT COUNT(*), COUNT(v), SUM(CASE WHEN v = N'' THEN 1 ELSE 0 END) FROM [no key]"))
        .containsExactly(List.of("4", "3", "1"));
    assertThat(rows(pilot, "SELECT name FROM sys.foreign_keys WHERE is_not_trusted = 1 OR is_disabled = 1"
        + " UNION ALL SELECT name FROM sys.check_constraints WHERE is_not_trusted = 1 OR is_disabled = 1")).isEmpty();
    assertThat(rows(pilot, "SELECT CAST(IDENT_CURRENT(N'" + IDS.quote(TABLE).replace("'", "''") + "') AS bigint)"))
        .isEqualTo(rows(pilot, "SELECT MAX([Id]]]) FROM " + IDS.quote(TABLE)));
    assertThat(rows("master", "SELECT name FROM sys.databases WHERE name LIKE N'upgradectl[_]snap[_]copier%'"))
        .as("the snapshot is dropped after the copy").isEmpty();
  }

  @Test
  void aNullTurnedIntoAnEmptyStringIsAMismatch() throws Exception {
    new SqlServerCopier().importTables(job(Heartbeat.NONE));
    String id = rows(pilot, "SELECT MIN([Id]]]) FROM " + IDS.quote(TABLE) + " WHERE [n° 'x'] IS NULL AND [Id]]] % 2 = 0")
        .get(0).get(0);
    execute(pilot, "UPDATE " + IDS.quote(TABLE) + " SET [n° 'x'] = N'' WHERE [Id]]] = " + Integer.parseInt(id));

    VerificationReport report = new SqlServerCopier().verify(job(Heartbeat.NONE));

    assertThat(report.mismatches()).extracting(TableCheck::table).containsExactly(TABLE);
    assertThat(report.mismatches().get(0).actualRows()).isEqualTo(report.mismatches().get(0).expectedRows());
  }

  /**
   * The ORDER hint's cases beside the ticket table (clustered on its key, hinted on every import):
   * a composite clustered key the chunks are read in (hinted), a descending clustered key and a
   * clustered index on a column outside the key whose order runs against it (both without hint: a
   * hint there would fail the load with error 4819).
   */
  private static final String CLUSTERED_TABLES = """
      CREATE TABLE [ordered] (tenant int NOT NULL, id bigint NOT NULL, v nvarchar(20) NULL,
        CONSTRAINT [pk_ordered] PRIMARY KEY CLUSTERED (tenant, id));
      CREATE TABLE [descending] (id int NOT NULL, CONSTRAINT [pk_descending] PRIMARY KEY CLUSTERED (id DESC));
      CREATE TABLE [clustered elsewhere] (id int NOT NULL PRIMARY KEY NONCLUSTERED, at int NOT NULL);
      CREATE CLUSTERED INDEX [cx_at] ON [clustered elsewhere] (at);
      """;
  private static final String NUMBERS = "(SELECT TOP (1000) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i"
      + " FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b) AS n";

  @Test
  void theOrderHintFollowsOnlyAClusteredKeyTheChunksAreReadIn() throws Exception {
    for (String database : List.of(production, pilot)) {
      execute(database, CLUSTERED_TABLES);
    }
    execute(production, "INSERT INTO [ordered] SELECT i % 7, i, CONCAT(N'v', i) FROM " + NUMBERS + ";"
        + " INSERT INTO [descending] SELECT i FROM " + NUMBERS + ";"
        + " INSERT INTO [clustered elsewhere] SELECT i, 1000 - i FROM " + NUMBERS + ";");
    List<TableSpec> tables = List.of("ordered", "descending", "clustered elsewhere").stream()
        .map(t -> new TableSpec(t, TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 3))).toList();

    CopyResult result = new SqlServerCopier().importTables(job(Heartbeat.NONE, 2, tables));

    assertThat(result.verification().tables()).hasSize(3).allMatch(TableCheck::matches);
    assertThat(rows(pilot, "SELECT (SELECT COUNT(*) FROM [ordered]), (SELECT COUNT(*) FROM [descending]),"
        + " (SELECT COUNT(*) FROM [clustered elsewhere])")).containsExactly(List.of("1000", "1000", "1000"));
  }

  @Test
  void anInterruptedImportResumesAfterItsLastCommittedChunk() throws Exception {
    List<CopyCheckpoint> beats = new CopyOnWriteArrayList<>();
    Heartbeat stopAfterThreeChunks = checkpoint -> {
      beats.add(checkpoint);
      if (beats.size() == 3) {
        throw new IllegalStateException("worker lost");
      }
    };
    IllegalStateException lost = catchThrowableOfType(IllegalStateException.class,
        () -> new SqlServerCopier().importTables(job(stopAfterThreeChunks, 1)));
    assertThat(lost).hasMessage("worker lost");
    long committed = beats.get(2).rows();

    CopyResult resumed = new SqlServerCopier().importTables(job(Heartbeat.NONE, 1));

    assertThat(resumed.tables()).filteredOn(t -> t.table().equals(TABLE))
        .singleElement().satisfies(t -> assertThat(t.resumedAfterRows()).isEqualTo(committed));
    assertThat(resumed.verification().tables()).allMatch(TableCheck::matches);
    assertThat(rows(pilot, "SELECT COUNT(*) FROM " + IDS.quote(TABLE))).containsExactly(List.of("1250"));
  }

  /**
   * Nonclustered indexes of both imported tables, one with a hostile name; one the schema scripts
   * left disabled; a unique one that a foreign key of a table outside the import refers to.
   */
  private static final String PILOT_INDEXES = """
      CREATE INDEX [ix amount ]] 'é'] ON [Tick]]ets 'été' 票] (amount) INCLUDE (seen);
      CREATE UNIQUE INDEX [ux_parent_ticket] ON [Tick]]ets 'été' 票] (parent_id, [Id]]]);
      CREATE INDEX [ix_v] ON [no key] (v);
      CREATE INDEX [ix_left_disabled] ON [Tick]]ets 'été' 票] (flag);
      ALTER INDEX [ix_left_disabled] ON [Tick]]ets 'été' 票] DISABLE;
      ALTER TABLE [parent] ADD ticket_parent int NULL, ticket_id int NULL;
      ALTER TABLE [parent] ADD CONSTRAINT [fk_parent_ticket] FOREIGN KEY (ticket_parent, ticket_id)
        REFERENCES [Tick]]ets 'été' 票] (parent_id, [Id]]]);
      """;
  private static final String DISABLED_INDEXES = "SELECT OBJECT_NAME(object_id), name FROM sys.indexes"
      + " WHERE is_disabled = 1";
  private static final String UNTRUSTED_CONSTRAINTS = "SELECT name FROM sys.foreign_keys"
      + " WHERE is_not_trusted = 1 OR is_disabled = 1"
      + " UNION ALL SELECT name FROM sys.check_constraints WHERE is_not_trusted = 1 OR is_disabled = 1";

  @Test
  void theLoadsIndexesAreRebuiltAfterItAndConstraintsEndTrusted() throws Exception {
    execute(pilot, PILOT_INDEXES);

    CopyResult result = new SqlServerCopier().importTables(job(Heartbeat.NONE));

    assertThat(result.verification().allMatch()).isTrue();
    assertThat(rows(pilot, DISABLED_INDEXES)).as("every index enabled but the one the schema scripts left disabled")
        .containsExactly(List.of(TABLE, "ix_left_disabled"));
    assertThat(rows(pilot, "SELECT COUNT(*) FROM " + IDS.quote(TABLE) + " WITH (INDEX(" + IDS.quote("ix amount ] 'é'")
        + "))")).as("the rebuilt index holds every loaded row").containsExactly(List.of("1250"));
    assertThat(rows(pilot, UNTRUSTED_CONSTRAINTS)).as("the foreign key onto the unique index included").isEmpty();
    assertThat(rows(pilot, "SELECT OBJECT_ID(N'upgradectl_import_pending')")).containsExactly(Arrays.asList((String) null));
  }

  @Test
  void anImportInterruptedWithItsIndexesDisabledRebuildsThemWhenItResumes() throws Exception {
    execute(pilot, PILOT_INDEXES);
    List<CopyCheckpoint> beats = new CopyOnWriteArrayList<>();
    Heartbeat stopAfterThreeChunks = checkpoint -> {
      beats.add(checkpoint);
      if (beats.size() == 3) {
        throw new IllegalStateException("worker lost");
      }
    };
    catchThrowableOfType(IllegalStateException.class, () -> new SqlServerCopier().importTables(job(stopAfterThreeChunks, 1)));
    assertThat(rows(pilot, DISABLED_INDEXES)).as("disabled for the load, the unique one a foreign key needs kept")
        .containsExactlyInAnyOrder(List.of(TABLE, "ix amount ] 'é'"), List.of(TABLE, "ix_left_disabled"),
            List.of("no key", "ix_v"));
    assertThat(rows(pilot, "SELECT table_name, object_name FROM upgradectl_import_pending WHERE kind = N'index'"))
        .as("recorded in the pilot, so the retry knows them")
        .containsExactlyInAnyOrder(List.of(TABLE, "ix amount ] 'é'"), List.of("no key", "ix_v"));

    CopyResult resumed = new SqlServerCopier().importTables(job(Heartbeat.NONE, 1));

    assertThat(resumed.verification().allMatch()).isTrue();
    assertThat(rows(pilot, DISABLED_INDEXES)).containsExactly(List.of(TABLE, "ix_left_disabled"));
    assertThat(rows(pilot, UNTRUSTED_CONSTRAINTS)).isEmpty();
  }

  @Test
  void aResyncThatBreaksAForeignKeyChangesNothing() throws Exception {
    new SqlServerCopier().importTables(job(Heartbeat.NONE));
    List<List<String>> before = rows(pilot, "SELECT * FROM " + IDS.quote(TABLE) + " ORDER BY 1");
    execute(production, "UPDATE [parent] SET name = N'moved' WHERE id = 2; INSERT INTO [parent] VALUES (3, N'three');"
        + " UPDATE " + IDS.quote(TABLE) + " SET parent_id = 3 WHERE [Id]]] = 2");

    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class,
        () -> new SqlServerCopier().replaceTables(job(Heartbeat.NONE)));

    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(refused.getOriginalMessage()).contains("The pilot was left as it was");
    assertThat(rows(pilot, "SELECT * FROM " + IDS.quote(TABLE) + " ORDER BY 1")).isEqualTo(before);
  }

  // ---- refreshes by the keys Change Tracking lists

  /** The pilot's rows of the copied (even) ids, as production's would map: compared column by column. */
  private static final String EVEN_ROWS = "SELECT [Id]]], [n° 'x'], amount, seen, photo, ratio, flag, parent_id FROM "
      + IDS.quote(TABLE) + " WHERE [Id]]] % 2 = 0 ORDER BY 1";

  private CopyResult importWithCapture() {
    new SqlServerCopier().startCapture(job(Heartbeat.NONE));
    return new SqlServerCopier().importTables(job(Heartbeat.NONE));
  }

  @Test
  void aRefreshAppliesProductionsChangedKeysAndPutsTestersWritesBack() throws Exception {
    importWithCapture();
    execute(production, "UPDATE " + IDS.quote(TABLE) + " SET amount = 99.5 WHERE [Id]]] IN (2, 4);"
        + " DELETE FROM " + IDS.quote(TABLE) + " WHERE [Id]]] = 6;"
        + " INSERT INTO " + IDS.quote(TABLE) + " ([n° 'x'], flag) VALUES (N'new ]', 1), (N'new 2', 0)");
    execute(pilot, "UPDATE " + IDS.quote(TABLE) + " SET label = N'tester' WHERE [Id]]] = 8");

    CopyResult refreshed = new SqlServerCopier().refreshTables(job(Heartbeat.NONE), false);

    assertThat(refreshed.verification().tables()).allMatch(TableCheck::matches).allMatch(TableCheck::wholeTable);
    assertThat(refreshed.refresh()).filteredOn(r -> r.table().equals(TABLE)).singleElement().satisfies(r -> {
      assertThat(r.wholeBecause()).isNull();
      // 2 and 4 updated, 6 deleted, 2501 and 2502 inserted on production; 8 written in the pilot.
      assertThat(r.changedKeys()).isEqualTo(6);
    });
    assertThat(refreshed.refresh()).filteredOn(r -> r.table().equals("no key")).singleElement()
        .satisfies(r -> assertThat(r.wholeBecause()).contains("has no primary key"));
    assertThat(rows(pilot, EVEN_ROWS)).isEqualTo(rows(production, EVEN_ROWS));
    assertThat(rows(pilot, "SELECT label FROM " + IDS.quote(TABLE) + " WHERE [Id]]] = 8")).doesNotContain(
        List.of("tester"));

    CopyResult nothingNew = new SqlServerCopier().refreshTables(job(Heartbeat.NONE), false);
    assertThat(nothingNew.refresh()).filteredOn(r -> r.table().equals(TABLE)).singleElement()
        .satisfies(r -> assertThat(r.changedKeys()).as("our own writes in the pilot are not testers'").isZero());
  }

  @Test
  void aTruncateOnProductionMakesTheTableCopiedWholeWithTheReason() throws Exception {
    importWithCapture();
    execute(production, "TRUNCATE TABLE " + IDS.quote(TABLE) + "; INSERT INTO " + IDS.quote(TABLE)
        + " ([n° 'x'], flag) VALUES (N'after', 1), (N'after 2', 0)");

    CopyResult refreshed = new SqlServerCopier().refreshTables(job(Heartbeat.NONE), false);

    assertThat(refreshed.refresh()).filteredOn(r -> r.table().equals(TABLE)).singleElement()
        .satisfies(r -> assertThat(r.wholeBecause()).contains("truncated"));
    assertThat(refreshed.verification().tables()).allMatch(TableCheck::matches);
    assertThat(rows(pilot, EVEN_ROWS)).isEqualTo(rows(production, EVEN_ROWS));

    CopyResult next = new SqlServerCopier().refreshTables(job(Heartbeat.NONE), false);
    assertThat(next.refresh()).filteredOn(r -> r.table().equals(TABLE)).singleElement().satisfies(r -> {
      assertThat(r.wholeBecause()).as("the whole copy's own writes in the pilot are not testers'").isNull();
      assertThat(r.changedKeys()).isZero();
    });
  }

  @Test
  void whileFrozenOnlyTheChangedKeysAreComparedAndThePostSwitchCheckRepeatsThem() throws Exception {
    importWithCapture();
    new SqlServerCopier().refreshTables(job(Heartbeat.NONE), false);
    execute(production, "UPDATE " + IDS.quote(TABLE) + " SET ratio = 0.5 WHERE [Id]]] = 10");
    execute(production, "ALTER DATABASE " + IDS.quote(production) + " SET READ_ONLY WITH ROLLBACK IMMEDIATE");
    try {
      CopyResult frozen = new SqlServerCopier().refreshTables(job(Heartbeat.NONE), true);

      TableCheck keys = frozen.verification().tables().stream().filter(t -> t.table().equals(TABLE)).findFirst()
          .orElseThrow();
      assertThat(keys.matches()).isTrue();
      assertThat(keys.wholeTable()).isFalse();
      assertThat(keys.expectedRows()).isEqualTo(1);
      assertThat(new SqlServerCopier().recheck(job(Heartbeat.NONE), frozen.verification()).allMatch()).isTrue();
    } finally {
      execute(production, "ALTER DATABASE " + IDS.quote(production) + " SET READ_WRITE WITH ROLLBACK IMMEDIATE");
    }
  }

  @Test
  void stoppingTheCaptureTurnsOffOnlyWhatItTurnedOn() throws Exception {
    execute(production, "ALTER DATABASE " + IDS.quote(production)
        + " SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON);"
        + " ALTER TABLE [parent] ENABLE CHANGE_TRACKING");
    importWithCapture();

    new SqlServerCopier().stopCapture(new CopyJob.Database(production, connections.dataSource(PROFILE, production)));
    new SqlServerCopier().stopCapture(new CopyJob.Database(pilot, connections.dataSource(PROFILE, pilot)));

    assertThat(rows(production, "SELECT OBJECT_NAME(object_id) FROM sys.change_tracking_tables"))
        .containsExactly(List.of("parent"));
    assertThat(rows(production, "SELECT COUNT(*) FROM sys.change_tracking_databases WHERE database_id = DB_ID()"))
        .containsExactly(List.of("1"));
    assertThat(rows(pilot, "SELECT COUNT(*) FROM sys.change_tracking_databases WHERE database_id = DB_ID()"))
        .containsExactly(List.of("0"));
    for (String database : List.of(production, pilot)) {
      assertThat(rows(database, "SELECT name FROM sys.extended_properties WHERE name LIKE N'upgradectl[_]capture%'"))
          .isEmpty();
      assertThat(rows(database, "SELECT name FROM sys.schemas WHERE name IN (N'upgradectl_capture',"
          + " N'upgradectl_stage_keys')")).isEmpty();
    }
  }

  private CopyJob job(Heartbeat heartbeat) {
    return job(heartbeat, 2);
  }

  private CopyJob job(Heartbeat heartbeat, int parallelism) {
    return job(heartbeat, parallelism, List.of(
        new TableSpec(TABLE, TableClass.DATA, null, "[Id]]] % 2 = 0", Map.of(
            "scope", new ColumnSource.Constant("it's ] \\"),
            "label", new ColumnSource.Expression("CONCAT(N'{0} ?', [n° 'x'])")), new SourceLocation("t.yaml", 1)),
        new TableSpec("no key", TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 2))));
  }

  private CopyJob job(Heartbeat heartbeat, int parallelism, List<TableSpec> tables) {
    return new CopyJob(new CopyJob.Database(production, connections.dataSource(PROFILE, production)),
        new CopyJob.Database(pilot, connections.dataSource(PROFILE, pilot)), tables, parallelism, new CopySettings(200),
        ProgressSink.NONE, heartbeat, new CopyMetrics(new SimpleMeterRegistry()));
  }

  private static void execute(String database, String sql) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<List<String>> rows(String database, String query) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(SqlServerPlatform.INSTANCE.databaseUrl(System.getenv(SqlServerLiveFixture.URL),
        database), System.getenv("UPGRADE_TEST_SQLSERVER_USER"), System.getenv("UPGRADE_TEST_SQLSERVER_PASSWORD"));
  }
}
