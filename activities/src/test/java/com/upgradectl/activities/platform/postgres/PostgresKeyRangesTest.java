package com.upgradectl.activities.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.ColumnInfo;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.io.IOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key ranges a large table is cut into cover every key exactly once, on a real server. */
class PostgresKeyRangesTest {
  private static final String DATABASE = "ranges";
  private static final int ROWS_PER_A = 40;
  private static final int AS = 500;
  private static PostgresServerFixture pg;

  @BeforeAll
  static void start() {
    pg = PostgresServerFixture.start();
    pg.execute("postgres", "CREATE DATABASE " + DATABASE);
    // A composite key whose text part sorts unlike its text forms would (quotes, spaces, non-ASCII).
    pg.execute(DATABASE, "CREATE TABLE pairs (a integer, b text, note text, PRIMARY KEY (a, b))",
        "INSERT INTO pairs SELECT a, (ARRAY['x', 'it''s', ' padded', 'ünï', 'a,b', '{c}'])[1 + b % 6] || b, 'n'"
            + " FROM generate_series(1, " + AS + ") AS a, generate_series(1, " + ROWS_PER_A + ") AS b",
        "CREATE TABLE single (id bigint PRIMARY KEY, note text)",
        "INSERT INTO single SELECT g * 3, 'n' FROM generate_series(1, 20000) AS g",
        "ANALYZE");
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  @Test
  void aSampledCutOfACompositeKeyCoversEveryKeyExactlyOnce() throws Exception {
    PostgresCopyStatements sql = new PostgresCopyStatements(plan("pairs",
        List.of(new KeyColumn("a", "a", "integer"), new KeyColumn("b", "b", "text")), List.of("a", "b", "note")),
        Set.of());
    long rows = (long) AS * ROWS_PER_A;

    List<List<String>> boundaries;
    try (Connection c = pg.connect(DATABASE, PostgresServerFixture.SUPERUSER)) {
      // 5 ranges of 20,000 rows: a sample of a quarter of the pages, not all of them
      boundaries = PostgresKeyRanges.boundaries(c, sql, rows, 5);
    }

    assertThat(boundaries).hasSize(4);
    assertCoversEveryKeyOnce(sql, PostgresKeyRanges.between(boundaries), "a || '|' || b", "pairs", rows);
  }

  @Test
  void aSingleColumnKeyCutInManyRangesCoversEveryKeyExactlyOnce() throws Exception {
    PostgresCopyStatements sql = new PostgresCopyStatements(plan("single",
        List.of(new KeyColumn("id", "id", "bigint")), List.of("id", "note")), Set.of());

    List<List<String>> boundaries;
    try (Connection c = pg.connect(DATABASE, PostgresServerFixture.SUPERUSER)) {
      boundaries = PostgresKeyRanges.boundaries(c, sql, 20_000, 16);
    }

    assertThat(boundaries).hasSize(15);
    List<Long> values = boundaries.stream().map(b -> Long.parseLong(b.get(0))).toList();
    assertThat(values).as("in key order, not text order").isSorted().doesNotHaveDuplicates();
    assertCoversEveryKeyOnce(sql, PostgresKeyRanges.between(boundaries), "CAST(id AS text)", "single", 20_000);
  }

  @Test
  void chunksWithinARangeStopAtItsUpperBoundAndResumeWithinIt() {
    PostgresCopyStatements sql = new PostgresCopyStatements(plan("single",
        List.of(new KeyColumn("id", "id", "bigint")), List.of("id", "note")), Set.of());

    assertThat(pg.queryOne(DATABASE, sql.nextChunkEndWithin(new KeyRange(List.of("30"), List.of("45")), 100)))
        .isEqualTo("45");
    assertThat(pg.queryOne(DATABASE, sql.nextChunkEndWithin(new KeyRange(List.of("30"), List.of("45")), 2)))
        .isEqualTo("36");
    assertThat(pg.queryColumn(DATABASE, sql.nextChunkEndWithin(new KeyRange(List.of("45"), List.of("47")), 2))).isEmpty();
    assertThat(pg.queryOne(DATABASE, sql.highestCopiedKey(new PostgresCopyStatements.Destination("public", "single"),
        new KeyRange(List.of("30"), List.of("100"))))).isEqualTo("99");
    assertThat(pg.queryColumn(DATABASE, sql.highestCopiedKey(new PostgresCopyStatements.Destination("public",
        "single"), new KeyRange(List.of("100"), List.of("101"))))).as("nothing there yet").isEmpty();
  }

  @Test
  void aSampleTooSmallForTheRangesCutsLessAndNoBoundaryMeansOneRange() {
    List<List<String>> sample = List.of(List.of("1"), List.of("2"), List.of("3"), List.of("4"), List.of("5"));

    assertThat(PostgresKeyRanges.everyNth(sample, 2)).containsExactly(List.of("2"));
    assertThat(PostgresKeyRanges.everyNth(sample, 5)).containsExactly(List.of("1"), List.of("2"), List.of("3"),
        List.of("4"));
    assertThat(PostgresKeyRanges.everyNth(sample, 6)).isEmpty();
    assertThat(PostgresKeyRanges.between(List.of())).containsExactly(KeyRange.ALL);
    assertThat(PostgresKeyRanges.between(List.of(List.of("2"), List.of("4")))).containsExactly(
        new KeyRange(null, List.of("2")), new KeyRange(List.of("2"), List.of("4")), new KeyRange(List.of("4"), null));
  }

  @Test
  void onlyTablesOfAtLeastTwoMinimumRangesAreCutAndAtMostFourRangesPerLane() {
    CopySettings settings = new CopySettings(50_000); // a minimum range of 200,000 rows

    assertThat(PostgresKeyRanges.count(399_999, 4, settings)).isEqualTo(1);
    assertThat(PostgresKeyRanges.count(400_000, 4, settings)).isEqualTo(2);
    assertThat(PostgresKeyRanges.count(2_000_000, 4, settings)).isEqualTo(10);
    assertThat(PostgresKeyRanges.count(100_000_000, 4, settings)).isEqualTo(16);
    assertThat(PostgresKeyRanges.count(100_000_000, 1, settings)).as("one lane: nothing to share").isEqualTo(1);
    assertThat(PostgresKeyRanges.count(2_000_000, 4, new CopySettings(100_000)))
        .as("four chunks a range at least").isEqualTo(5);
    assertThat(PostgresKeyRanges.count(1_000, 2, new CopySettings(50).withMinimumRangeRows(1))).isEqualTo(5);
  }

  /** Every range's rows together are the table's rows, each key once. */
  private static void assertCoversEveryKeyOnce(PostgresCopyStatements sql, List<KeyRange> ranges, String keyText,
      String table, long rows) {
    List<String> perRange = new ArrayList<>();
    for (KeyRange range : ranges) {
      perRange.add("SELECT " + keyText + " AS k FROM (" + sql.select(range) + ") AS r");
    }
    String all = perRange.stream().collect(Collectors.joining(" UNION ALL "));
    assertThat(Long.parseLong(pg.queryOne(DATABASE, "SELECT count(*) FROM (" + all + ") AS u"))).isEqualTo(rows);
    assertThat(pg.queryOne(DATABASE, "SELECT count(*) FROM ((SELECT " + keyText + " FROM " + table + ") EXCEPT ALL ("
        + all + ")) AS missing")).isEqualTo("0");
    for (String range : perRange) {
      assertThat(Long.parseLong(pg.queryOne(DATABASE, "SELECT count(*) FROM (" + range + ") AS r")))
          .as("no range is empty: the sample cut inside the table").isPositive();
    }
  }

  private static TablePlan plan(String table, List<KeyColumn> key, List<String> columns) {
    TableInfo info = new TableInfo("public", table, 1,
        columns.stream().map(c -> new ColumnInfo(c, "text", true, false, false, false)).toList(),
        key.stream().map(KeyColumn::source).toList(), 0);
    List<MappedColumn> mapped = columns.stream()
        .map(c -> new MappedColumn(c, key.stream().filter(k -> k.target().equals(c)).map(KeyColumn::sourceType)
            .findFirst().orElse("text"), new ColumnSource.SourceColumn(c)))
        .toList();
    return new TablePlan(new TableSpec(table, TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 1)),
        info, info, mapped, key);
  }
}
