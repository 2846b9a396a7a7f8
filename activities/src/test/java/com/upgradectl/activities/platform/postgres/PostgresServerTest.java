package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.PROFILE;
import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.SUPERUSER;
import static com.upgradectl.activities.platform.postgres.PostgresServerFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.platform.DatabaseMarker;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.pkg.schema.ColumnShape;
import com.upgradectl.pkg.schema.TableShape;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {
  private static PostgresServerFixture pg;
  private static DatabaseServer server;

  @TempDir
  Path scripts;

  @BeforeAll
  static void start() {
    pg = PostgresServerFixture.start();
    server = pg.server();
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @Test
  void createsAndDropsDatabasesDroppingTwiceIsDone() {
    server.createDatabase("created_db");
    assertThat(server.databaseExists("created_db")).isTrue();
    assertThat(pg.queryOne("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'created_db'"))
        .isEqualTo(SUPERUSER);

    ApplicationFailure again = failure(() -> server.createDatabase("created_db"));
    assertThat(again.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(again.getOriginalMessage())
        .startsWith("could not create database \"created_db\" on profile test:")
        .contains("already exists")
        .endsWith("(SQLState 42P04)");

    server.dropDatabase("created_db");
    server.dropDatabase("created_db");
    assertThat(server.databaseExists("created_db")).isFalse();
  }

  @Test
  void scriptsRunInOneTransactionAndAFailingScriptLeavesNothing() throws Exception {
    server.createDatabase("scripted");
    Path first = write("001_tables.sql", """
        CREATE TABLE kept (id int PRIMARY KEY);
        INSERT INTO kept VALUES (1), (2);
        CREATE FUNCTION twice(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN x * 2; END; $$;
        """);
    Path broken = write("002_broken.sql", "CREATE TABLE other (id int);\nSELEC 1;\n");

    ApplicationFailure failed = failure(() -> server.runScripts("scripted", List.of(first, broken)));
    assertThat(failed.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(failed.getOriginalMessage())
        .startsWith("script " + broken + " failed in database \"scripted\" on profile test:")
        .contains("SELEC")
        .endsWith("(SQLState 42601)");
    assertThat(pg.queryColumn("scripted", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).isEmpty();

    Path fixed = write("002_fixed.sql", "CREATE TABLE other (id int);\nINSERT INTO other SELECT twice(id) FROM kept;\n");
    server.runScripts("scripted", List.of(first, fixed));
    assertThat(pg.queryColumn("scripted", "SELECT id FROM other ORDER BY id")).containsExactly("2", "4");
  }

  @Test
  void labelsKeepTheirTextExactly() {
    server.createDatabase("labelled");
    assertThat(server.readLabel("labelled")).isEmpty();
    server.writeMarker("labelled", new DatabaseMarker("upgradectl:it's \"quoted\"; -- not a comment"));
    assertThat(server.readLabel("labelled")).contains("upgradectl:it's \"quoted\"; -- not a comment");
  }

  @Test
  void renameBothWaysIsIdempotentAndRefusesAmbiguity() {
    server.createDatabase("rename_a");
    server.renameDatabase("rename_a", "rename_b");
    assertThat(server.databaseExists("rename_a")).isFalse();
    assertThat(server.databaseExists("rename_b")).isTrue();

    server.renameDatabase("rename_a", "rename_b");
    assertThat(server.databaseExists("rename_b")).isTrue();

    server.renameDatabase("rename_b", "rename_a");
    assertThat(server.databaseExists("rename_a")).isTrue();

    server.createDatabase("rename_b");
    ApplicationFailure both = failure(() -> server.renameDatabase("rename_a", "rename_b"));
    assertThat(both.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(both.getOriginalMessage())
        .isEqualTo("cannot rename database \"rename_a\" to \"rename_b\" on profile test: both databases exist");

    ApplicationFailure neither = failure(() -> server.renameDatabase("rename_x", "rename_y"));
    assertThat(neither.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(neither.getOriginalMessage()).contains("neither database exists");
  }

  @Test
  void renameEvictsOurPoolAndEndsOtherSessions() throws Exception {
    server.createDatabase("busy_db");
    try (Connection ours = pg.connections().dataSource(PROFILE, "busy_db").getConnection()) {
      ours.createStatement().execute("SELECT 1");
    }
    Connection held = pg.connections().dataSource(PROFILE, "busy_db").getConnection();
    Connection foreign = pg.connect("busy_db", SUPERUSER);

    server.renameDatabase("busy_db", "busy_db_renamed");

    assertThat(server.databaseExists("busy_db_renamed")).isTrue();
    assertThat(foreign.isValid(2)).isFalse();
    assertThat(held.isClosed() || !held.isValid(2)).isTrue();
    held.close();
    foreign.close();
  }

  @Test
  void offlineRefusesEveryoneAndEndsPresentSessions() throws Exception {
    server.createDatabase("offline_db");
    Connection present = pg.connect("offline_db", SUPERUSER);

    server.takeOffline("offline_db");
    server.takeOffline("offline_db");

    assertThat(server.acceptsConnections("offline_db")).isFalse();
    assertThat(present.isValid(2)).isFalse();
    assertThatThrownBy(() -> pg.connect("offline_db", SUPERUSER))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("is not currently accepting connections");

    server.bringOnline("offline_db");
    server.bringOnline("offline_db");
    try (Connection again = pg.connect("offline_db", SUPERUSER)) {
      assertThat(again.isValid(2)).isTrue();
    }
    present.close();
  }

  @Test
  void offlineOfAMissingDatabaseIsRefused() {
    ApplicationFailure missing = failure(() -> server.takeOffline("no_such_db"));
    assertThat(missing.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(missing.getOriginalMessage())
        .isEqualTo("cannot take offline database \"no_such_db\" on profile test: it does not exist");
  }

  @Test
  void dropEndsOtherSessions() throws Exception {
    server.createDatabase("dropped_busy");
    try (Connection foreign = pg.connect("dropped_busy", SUPERUSER)) {
      server.dropDatabase("dropped_busy");
      assertThat(server.databaseExists("dropped_busy")).isFalse();
      assertThat(foreign.isValid(2)).isFalse();
    }
  }

  @Test
  void tableShapesTellNullabilityDefaultsAndGeneratedColumns() {
    server.createDatabase("shaped");
    pg.execute("shaped",
        "CREATE TABLE tickets (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, title varchar(200) NOT NULL,"
            + " note text, opened timestamptz NOT NULL DEFAULT now(), serial_no serial,"
            + " title_length int GENERATED ALWAYS AS (length(title)) STORED)",
        "CREATE SCHEMA audit", "CREATE TABLE audit.log (entry text)");

    List<TableShape> shapes = server.tableShapes("shaped");

    assertThat(shapes).extracting(TableShape::name).containsExactly("audit.log", "tickets");
    assertThat(shapes.get(1).columns()).containsExactly(
        new ColumnShape("id", "bigint", false, true, false),
        new ColumnShape("title", "character varying(200)", false, false, false),
        new ColumnShape("note", "text", true, false, false),
        new ColumnShape("opened", "timestamp with time zone", false, true, false),
        new ColumnShape("serial_no", "integer", false, true, false),
        new ColumnShape("title_length", "integer", true, false, true));
  }

  @Test
  void freezingNeedsASuperuserAndSaysWhy() {
    assertThat(server.freezeRefusal()).isEmpty();
    DatabaseServer asApp = pg.servers().of(PostgresServerFixture.APP_PROFILE);
    Optional<String> refusal = asApp.freezeRefusal();
    assertThat(refusal).hasValueSatisfying(reason -> assertThat(reason)
        .contains("connects as app_user, which is not a superuser")
        .contains("managed services"));

    server.createDatabase("not_frozen");
    ApplicationFailure refused = failure(() -> asApp.freeze("not_frozen"));
    assertThat(refused.getType()).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(refused.getOriginalMessage()).startsWith("cannot freeze database \"not_frozen\": profile app connects");
    assertThat(pg.queryOne("postgres", "SELECT datconnlimit FROM pg_database WHERE datname = 'not_frozen'"))
        .isEqualTo("-1");
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(scripts.resolve(name), text);
  }
}
