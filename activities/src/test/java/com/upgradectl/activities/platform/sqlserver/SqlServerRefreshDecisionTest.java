package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.ForeignKeyInfo;
import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TableInfo;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.activities.platform.sqlserver.SqlServerChangeCapture.TableState;
import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.workflows.common.TableRefresh;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tables a SQL Server refresh applies by key and which it copies whole, with the reason. */
class SqlServerRefreshDecisionTest {

  private static TablePlan plan(String name, List<KeyColumn> key, long estimatedRows) {
    return new TablePlan(new TableSpec(name, TableClass.DATA, null, null, Map.of(), new SourceLocation("t.yaml", 1)),
        new TableInfo("dbo", name, 1, List.of(), key.stream().map(KeyColumn::target).toList(), 0),
        new TableInfo("dbo", name, 2, List.of(), key.stream().map(KeyColumn::source).toList(), estimatedRows),
        List.of(new MappedColumn("id", "int", new ColumnSource.SourceColumn("old_id"))), key);
  }

  private static final TablePlan TICKETS = plan("tickets", List.of(new KeyColumn("id", "old_id", "int")), 100_000);
  private static final TablePlan COMMENTS = plan("comments", List.of(new KeyColumn("id", "id", "int")), 10);

  @Test
  void aRenamedKeyIsStillProductionsKeyButAnUnkeyedOrDifferentKeyIsNot() {
    assertThat(SqlServerRefreshDecision.wholeReason(TICKETS, new TableState("tickets", List.of("old_id"), null)))
        .isNull();
    assertThat(SqlServerRefreshDecision.wholeReason(TICKETS, new TableState("tickets", List.of("code"), null)))
        .isEqualTo("its key in the pilot is not a plain copy of production's primary key of tickets");
    assertThat(SqlServerRefreshDecision.wholeReason(TICKETS, new TableState("tickets", List.of("old_id"),
        "Change Tracking is not enabled on dbo.tickets on production")))
        .isEqualTo("Change Tracking is not enabled on dbo.tickets on production");
  }

  @Test
  void aTableReferringToOneCopiedWholeIsCopiedWholeToo() {
    SqlServerRefreshDecision decision = new SqlServerRefreshDecision(
        List.of(new SqlServerCopyStatements(TICKETS, null), new SqlServerCopyStatements(COMMENTS, null)),
        List.of(new ForeignKeyInfo("fk", "dbo", "comments", "dbo", "tickets", "FOREIGN KEY (ticket_id) REFERENCES tickets (id)")));
    decision.keys("comments", List.of(List.of(1L)));
    decision.whole("tickets", "it was truncated");
    decision.spreadToChildren();

    assertThat(decision.summary()).containsExactly(new TableRefresh("tickets", 0, "it was truncated"),
        new TableRefresh("comments", 0, "it refers to tickets, which is copied whole"));
  }

  @Test
  void keysAddUpFromBothSidesAndAForcedWholeCopyWins() {
    SqlServerRefreshDecision decision = new SqlServerRefreshDecision(List.of(new SqlServerCopyStatements(COMMENTS, null)),
        List.of());
    decision.keys("comments", List.of(List.of(1L), List.of(2L)));
    decision.keys("comments", List.of(List.of(2L), List.of(3L)));
    assertThat(decision.keysOf("comments")).containsExactly(List.of(1L), List.of(2L), List.of(3L));

    SqlServerRefreshDecision retry = decision.copy(Map.of("comments", "it did not match"));
    assertThat(retry.byKeys("comments")).isFalse();
    assertThat(retry.wholeBecause("comments")).isEqualTo("it did not match");
    assertThat(decision.byKeys("comments")).isTrue();
  }

  @Test
  void aQuarterOfTheTableOrTenThousandKeysMakeAWholeCopyQuicker() {
    assertThat(SqlServerRefreshDecision.wholeCopyAt(TICKETS)).isEqualTo(25_000);
    assertThat(SqlServerRefreshDecision.wholeCopyAt(COMMENTS)).isEqualTo(10_000);
    assertThat(SqlServerRefreshDecision.tooManyKeys(30_000)).isEqualTo("30000 changed keys: a whole copy is quicker");
  }

  @Test
  void productionsKeyValuesAreReorderedToThePilotsKeyAndIntegersCompareAcrossTypes() {
    TablePlan composite = plan("lines", List.of(new KeyColumn("line", "line_no", "int"),
        new KeyColumn("order", "order_id", "int")), 0);
    assertThat(SqlServerRefreshDecision.inTargetOrder(composite, List.of("order_id", "line_no"),
        List.of(List.of(7L, 2L)))).containsExactly(List.of(2L, 7L));
    assertThat(SqlServerKeyValues.normalized(List.of(5, (short) 6, "x"))).containsExactly(5L, 6L, "x");
    assertThat(SqlServerKeyValues.normalized(List.of(new java.math.BigDecimal("1.50"))))
        .isEqualTo(SqlServerKeyValues.normalized(List.of(new java.math.BigDecimal("1.5000"))));
  }
}
