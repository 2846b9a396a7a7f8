package com.upgradectl.activities.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.ColumnInfo;
import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A refresh re-reads production's rows by the keys its capture logged: whatever characters a key
 * holds, exactly the rows of those keys come back, none other.
 */
class PostgresKeySelectionTest {
  private static final String DATABASE = "keys";
  /** Values an array literal or a VALUES list could get wrong. */
  private static final List<String> AWKWARD = List.of("plain", "with \"quotes\"", "back\\slash", "a,comma",
      "{braces}", "NULL", " padded ", "", "it's", "ünïcødé", "tab\there");
  private static PostgresServerFixture pg;

  @BeforeAll
  static void start() {
    pg = PostgresServerFixture.start();
    pg.execute("postgres", "CREATE DATABASE " + DATABASE);
    pg.execute(DATABASE, "CREATE TABLE \"tick\"\"ets\" (a integer, b text, note text, PRIMARY KEY (a, b))",
        "CREATE TABLE single (id bigint PRIMARY KEY, note text)",
        "INSERT INTO single SELECT g, 'n' || g FROM generate_series(1, 1000) AS g");
    for (int a = 1; a <= 2; a++) {
      for (String b : AWKWARD) {
        pg.execute(DATABASE, "INSERT INTO \"tick\"\"ets\" VALUES (" + a + ", " + PostgresCopySql.literal(b)
            + ", 'row')");
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  @Test
  void compositeKeysWithAwkwardTextSelectExactlyTheirRows() {
    PostgresCopyStatements sql = new PostgresCopyStatements(plan("tick\"ets",
        List.of(new KeyColumn("a", "a", "integer"), new KeyColumn("b", "b", "text")), List.of("a", "b", "note")),
        Set.of());
    List<List<String>> keys = new ArrayList<>();
    for (String b : AWKWARD) {
      keys.add(List.of("2", b));
    }
    keys.add(List.of("3", "plain"));

    List<String> selected = pg.queryColumn(DATABASE, "SELECT a || '|' || b FROM (" + sql.selectKeys(keys)
        + ") AS r ORDER BY b");

    assertThat(selected).containsExactlyInAnyOrderElementsOf(AWKWARD.stream().map(b -> "2|" + b).toList());
  }

  @Test
  void singleColumnKeysSelectTheirRowsAndNoKeysSelectNone() {
    PostgresCopyStatements sql = new PostgresCopyStatements(plan("single",
        List.of(new KeyColumn("id", "id", "bigint")), List.of("id", "note")), Set.of());

    assertThat(pg.queryColumn(DATABASE, "SELECT note FROM (" + sql.selectKeys(List.of(List.of("7"), List.of("999"),
        List.of("5000"))) + ") AS r ORDER BY id")).containsExactly("n7", "n999");
    assertThat(pg.queryColumn(DATABASE, "SELECT note FROM (" + sql.selectKeys(List.of()) + ") AS r")).isEmpty();
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
