package com.upgradectl.activities.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows are summed by the server's row hash only where production and the pilot hash every value
 * alike; elsewhere by md5 of their text. Either way equal rows give equal sums and one changed value
 * a different one.
 */
class PostgresRowChecksumTest {
  private static final String TYPES = "id bigint PRIMARY KEY, n integer, v varchar(20), t text, c character(8),"
      + " d numeric(10,2), b boolean, day date, at timestamptz, raw bytea, u uuid, doc jsonb, tags integer[]";
  private static final String ROW = "(1, 7, 'vär', 'it''s', 'ab', 12.50, true, '2026-01-02', '2026-01-02 03:04:05+00',"
      + " '\\x00ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": [1, 2]}', '{1,2,3}')";
  private static PostgresServerFixture pg;

  @BeforeAll
  static void start() {
    pg = PostgresServerFixture.start();
    for (String db : List.of("prod", "pilot")) {
      pg.execute("postgres", "CREATE DATABASE " + db);
      // the enum's type gets another oid in each database: its values must not be hashed
      pg.execute(db, "CREATE TYPE state AS ENUM ('open', 'closed')",
          "CREATE TABLE builtin (" + TYPES + ")", "INSERT INTO builtin VALUES " + ROW,
          "INSERT INTO builtin SELECT g, g, 'v' || g, 't' || g, 'c', g, g % 2 = 0, '2026-01-01', '2026-01-01 00:00:00+00', NULL, NULL, NULL, NULL"
              + " FROM generate_series(2, 500) AS g",
          "CREATE TABLE with_json (id bigint PRIMARY KEY, doc json)", "INSERT INTO with_json VALUES (1, '{\"a\": 1}')",
          "CREATE TABLE with_point (id bigint PRIMARY KEY, p point)", "INSERT INTO with_point VALUES (1, '(1,2)')",
          "CREATE TABLE with_enum (id bigint PRIMARY KEY, s state)", "INSERT INTO with_enum VALUES (1, 'open'), (2, 'closed')");
    }
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  @Test
  void builtInHashableTypesAreSummedByRowHashTheOthersByMd5() throws Exception {
    Map<String, PostgresCopyStatements> tables = plan();

    assertThat(tables.get("builtin").checksum()).isEqualTo(PostgresRowChecksum.ROW_HASH);
    assertThat(tables.get("with_json").checksum()).isEqualTo(PostgresRowChecksum.MD5);
    assertThat(tables.get("with_point").checksum()).isEqualTo(PostgresRowChecksum.MD5);
    assertThat(tables.get("with_enum").checksum()).isEqualTo(PostgresRowChecksum.MD5);
  }

  @Test
  void equalRowsSumEquallyAndOneChangedValueDoesNot() throws Exception {
    Map<String, PostgresCopyStatements> tables = plan();
    for (PostgresCopyStatements table : tables.values()) {
      assertThat(sums(table)).as(table.plan().name()).satisfies(s -> assertThat(s[0]).isEqualTo(s[1]));
    }
    pg.execute("pilot", "UPDATE builtin SET c = 'ab ' WHERE id = 1"); // char(n) ignores trailing blanks: still equal
    assertThat(sums(tables.get("builtin"))).satisfies(s -> assertThat(s[0]).isEqualTo(s[1]));
    pg.execute("pilot", "UPDATE builtin SET tags = '{1,2,4}' WHERE id = 1", "UPDATE with_enum SET s = 'open' WHERE id = 2");
    try {
      assertThat(sums(tables.get("builtin"))).satisfies(s -> assertThat(s[0]).isNotEqualTo(s[1]));
      assertThat(sums(tables.get("with_enum"))).satisfies(s -> assertThat(s[0]).isNotEqualTo(s[1]));
    } finally {
      pg.execute("pilot", "UPDATE builtin SET tags = '{1,2,3}' WHERE id = 1", "UPDATE with_enum SET s = 'closed' WHERE id = 2");
    }
  }

  @Test
  void aChecksumSaysHowItWasSummedSoALaterCheckSumsAlike() throws Exception {
    TableSum sum = sums(plan().get("builtin"))[1];
    assertThat(PostgresRowChecksum.of(sum.checksum())).isEqualTo(PostgresRowChecksum.ROW_HASH);
    assertThat(PostgresRowChecksum.of("-12345")).isEqualTo(PostgresRowChecksum.MD5);
    assertThat(PostgresRowChecksum.ROW_HASH.text(PostgresRowChecksum.ROW_HASH.value(sum.checksum())))
        .isEqualTo(sum.checksum());
  }

  private static TableSum[] sums(PostgresCopyStatements table) throws Exception {
    try (Connection prod = pg.connect("prod", PostgresServerFixture.SUPERUSER);
        Connection pilot = pg.connect("pilot", PostgresServerFixture.SUPERUSER)) {
      return new TableSum[] {PostgresChecksums.sum(prod, table.sourceSum()),
          PostgresChecksums.sum(pilot, table.destinationSum(table.target()))};
    }
  }

  private static Map<String, PostgresCopyStatements> plan() throws Exception {
    try (Connection prod = pg.connect("prod", PostgresServerFixture.SUPERUSER);
        Connection pilot = pg.connect("pilot", PostgresServerFixture.SUPERUSER)) {
      List<TableSpec> specs = List.of("builtin", "with_json", "with_point", "with_enum").stream()
          .map(t -> new TableSpec(t, TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 1))).toList();
      return PostgresCopyPlanning.plan(prod, pilot, specs, true).stream()
          .collect(Collectors.toMap(t -> t.plan().name(), Function.identity()));
    }
  }
}
