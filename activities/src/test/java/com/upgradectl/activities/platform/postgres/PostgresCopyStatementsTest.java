package com.upgradectl.activities.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.ColumnInfo;
import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostgresCopyStatementsTest {
  private static final TableInfo SOURCE = new TableInfo("app", "tick\"ets", 1,
      List.of(new ColumnInfo("a", "integer", true, false, false, false)), List.of("a", "b"), 0);
  private static final TableInfo TARGET = new TableInfo("app", "tick\"ets", 2,
      List.of(new ColumnInfo("a", "integer", true, false, false, false)), List.of("a", "b"), 0);

  private static final TablePlan PLAN = new TablePlan(
      new TableSpec("tick\"ets", TableClass.DATA, null, "status <> 'gone'", Map.of(), new SourceLocation("t.yaml", 1)),
      TARGET, SOURCE,
      List.of(new MappedColumn("a", "integer", new ColumnSource.SourceColumn("a")),
          new MappedColumn("b", "character varying(20)", new ColumnSource.SourceColumn("b\"; DROP TABLE x; --")),
          new MappedColumn("scope", "text", new ColumnSource.Constant("it's \\ fine")),
          new MappedColumn("state", "ticket_state", new ColumnSource.Expression("upper(status)"))),
      List.of(new KeyColumn("a", "a", "integer"), new KeyColumn("b", "b\"; DROP TABLE x; --", "text")));

  private final PostgresCopyStatements sql = new PostgresCopyStatements(PLAN, Set.of("ticket_state"));

  @Test
  void theProjectionQuotesEveryNameCastsToTheTargetTypeAndRendersConstantsAsLiterals() {
    assertThat(sql.select(new KeyRange(List.of("1", "it's"), List.of("9", "z")))).isEqualTo(
        "SELECT CAST(\"a\" AS integer) AS \"a\", CAST(\"b\"\"; DROP TABLE x; --\" AS character varying(20)) AS \"b\","
            + " CAST('it''s \\ fine' AS text) AS \"scope\", CAST((upper(status)) AS text) AS \"state\""
            + " FROM \"app\".\"tick\"\"ets\""
            + " WHERE (status <> 'gone')"
            + " AND (\"a\", \"b\"\"; DROP TABLE x; --\") > (CAST('1' AS integer), CAST('it''s' AS text))"
            + " AND (\"a\", \"b\"\"; DROP TABLE x; --\") <= (CAST('9' AS integer), CAST('z' AS text))");
  }

  @Test
  void copyStatementsNameTheMappedColumnsOnly() {
    assertThat(sql.copyIn(sql.stage())).isEqualTo(
        "COPY \"upgradectl_stage\".\"tick\"\"ets\" (\"a\", \"b\", \"scope\", \"state\") FROM STDIN");
    assertThat(sql.copyOut(KeyRange.ALL)).startsWith("COPY (SELECT ").endsWith(" WHERE (status <> 'gone')) TO STDOUT");
  }

  @Test
  void keysAreOrderedByTheirOwnColumnsNotByTheirTextForms() {
    assertThat(sql.highestCopiedKey(sql.target())).isEqualTo(
        "SELECT CAST(d.\"a\" AS text) AS \"key_1\", CAST(d.\"b\" AS text) AS \"key_2\" FROM \"app\".\"tick\"\"ets\" AS d"
            + " ORDER BY d.\"a\" DESC, d.\"b\" DESC LIMIT 1");
    assertThat(sql.nextChunkEnd(null, 500)).isEqualTo(
        "SELECT CAST(k.\"a\" AS text) AS \"key_1\", CAST(k.\"b\"\"; DROP TABLE x; --\" AS text) AS \"key_2\""
            + " FROM (SELECT \"a\", \"b\"\"; DROP TABLE x; --\" FROM \"app\".\"tick\"\"ets\" WHERE (status <> 'gone')"
            + " ORDER BY \"a\", \"b\"\"; DROP TABLE x; --\" LIMIT 500) AS k"
            + " ORDER BY k.\"a\" DESC, k.\"b\"\"; DROP TABLE x; --\" DESC LIMIT 1");
  }

  @Test
  void checksumsCoverTheMappedColumnsInTheirOrder() {
    assertThat(sql.destinationSum(sql.target())).isEqualTo(
        "SELECT count(*), coalesce(sum(('x' || substr(md5(ROW(r.\"a\", r.\"b\", r.\"scope\", r.\"state\")::text), 1, 16))"
            + "::bit(64)::bigint::numeric), 0)::text FROM \"app\".\"tick\"\"ets\" AS r");
  }

  @Test
  void theSnapshotIdIsALiteral() {
    assertThat(PostgresCopySql.joinSnapshot("00000003-0000001B-1")).isEqualTo(
        "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'");
  }
}
