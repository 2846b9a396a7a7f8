package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.sqlserver.SqlServerOrderHint.ClusteredColumn;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When the bulk copy tells SQL Server its rows arrive in clustered key order. A wrong hint fails the
 * load on the server, so every doubt must give no hint.
 */
class SqlServerOrderHintTest {
  private static final List<MappedColumn> COLUMNS = List.of(
      new MappedColumn("tenant]", "int", new ColumnSource.SourceColumn("tenant]")),
      new MappedColumn("id", "bigint", new ColumnSource.SourceColumn("id")),
      new MappedColumn("code", "nvarchar(20)", new ColumnSource.SourceColumn("code")),
      new MappedColumn("wide", "bigint", new ColumnSource.SourceColumn("narrow")),
      new MappedColumn("note", "nvarchar(max)", new ColumnSource.SourceColumn("note")));
  private static final KeyColumn TENANT = new KeyColumn("tenant]", "tenant]", "int");
  private static final KeyColumn ID = new KeyColumn("id", "id", "bigint");

  @Test
  void aClusteredKeyTheRowsAreReadInIsHintedColumnByColumnAscending() {
    List<ClusteredColumn> clustered = List.of(asc("tenant]"), asc("id"));

    assertThat(SqlServerOrderHint.forLoad(clustered, List.of(TENANT, ID), COLUMNS)).containsExactly(asc("tenant]"), asc("id"));
  }

  @Test
  void aClusteredKeyThatIsAPrefixOfTheReadOrderIsHinted() {
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("tenant]")), List.of(TENANT, ID), COLUMNS))
        .containsExactly(asc("tenant]"));
  }

  @Test
  void aHeapGetsNoHint() {
    assertThat(SqlServerOrderHint.forLoad(List.of(), List.of(TENANT, ID), COLUMNS)).isEmpty();
  }

  @Test
  void rowsReadInNoOrderGetNoHint() {
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("tenant]"), asc("id")), List.of(), COLUMNS)).isEmpty();
  }

  @Test
  void aClusteredIndexOnOtherColumnsThanTheReadOrderGetsNoHint() {
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("id")), List.of(TENANT, ID), COLUMNS)).as("second key column first")
        .isEmpty();
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("id"), asc("tenant]")), List.of(TENANT, ID), COLUMNS))
        .as("the key's columns in another order").isEmpty();
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("tenant]"), asc("id"), asc("note")), List.of(TENANT, ID), COLUMNS))
        .as("a clustered key longer than the read order").isEmpty();
  }

  @Test
  void aDescendingClusteredColumnGetsNoHintBecauseTheReadIsAscending() {
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("tenant]"), new ClusteredColumn("id", true)), List.of(TENANT, ID),
        COLUMNS)).isEmpty();
  }

  @Test
  void aKeyWhoseOrderMayDifferBetweenTheSidesGetsNoHint() {
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("code")), List.of(new KeyColumn("code", "code", "nvarchar(20)")),
        COLUMNS)).as("a character key orders by collation, which may differ").isEmpty();
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("wide")), List.of(new KeyColumn("wide", "narrow", "int")),
        COLUMNS)).as("the type changes between source and target").isEmpty();
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("gone")), List.of(new KeyColumn("gone", "gone", "int")),
        COLUMNS)).as("a key column the load does not map").isEmpty();
  }

  @Test
  void theChunkedReadIsOrderedByThePlansKeyAndAWholeReadByNothing() {
    TableInfo table = new TableInfo("dbo", "t", 1, List.of(), List.of("tenant]", "id"), 0);
    TableSpec spec = new TableSpec("t", TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 1));
    SqlServerCopyStatements chunked = new SqlServerCopyStatements(
        new TablePlan(spec, table, table, COLUMNS, List.of(TENANT, ID)), null);
    SqlServerCopyStatements whole = new SqlServerCopyStatements(new TablePlan(spec, table, table, COLUMNS, List.of()), null);

    assertThat(chunked.readOrder()).containsExactly(TENANT, ID);
    assertThat(chunked.select(SqlServerCopyStatements.KeyRange.ALL).sql()).endsWith(" ORDER BY [tenant]]], [id]");
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("tenant]"), asc("id")), chunked.readOrder(), COLUMNS)).hasSize(2);
    assertThat(whole.readOrder()).isEmpty();
    assertThat(whole.select(SqlServerCopyStatements.KeyRange.ALL).sql()).doesNotContain("ORDER BY");
    assertThat(SqlServerOrderHint.forLoad(List.of(asc("tenant]"), asc("id")), whole.readOrder(), COLUMNS)).isEmpty();
  }

  private static ClusteredColumn asc(String name) {
    return new ClusteredColumn(name, false);
  }
}
