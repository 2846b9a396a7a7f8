package com.upgradectl.activities.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {
  private static final TableInfo SOURCE = table("tickets", List.of("id"),
      column("id", "bigint", true, true), column("subject", "text", true, false), column("Body", "text", false, false),
      column("priority", "integer", true, false));

  @Test
  void eachTargetColumnTakesItsOverrideElseTheSourceColumnOfItsNameElseItsDefault() {
    TableInfo target = table("tickets", List.of("id"),
        column("id", "bigint", true, false), column("title", "text", true, false), column("body", "text", false, false),
        column("label", "text", true, false), column("origin", "text", true, false),
        column("updated_at", "timestamp with time zone", true, true), column("note", "text", false, false));
    TableSpec spec = spec("tickets", null, Map.of(
        "title", new ColumnSource.SourceColumn("subject"),
        "label", new ColumnSource.Expression("CASE WHEN priority > 2 THEN 'high' END"),
        "origin", new ColumnSource.Constant("v1")));

    ColumnMapping.Result result = ColumnMapping.resolve(spec, target, SOURCE);

    assertThat(result.problems()).isEmpty();
    assertThat(result.columns()).containsExactly(
        new MappedColumn("id", "bigint", new ColumnSource.SourceColumn("id")),
        new MappedColumn("title", "text", new ColumnSource.SourceColumn("subject")),
        new MappedColumn("body", "text", new ColumnSource.SourceColumn("Body")),
        new MappedColumn("label", "text", new ColumnSource.Expression("CASE WHEN priority > 2 THEN 'high' END")),
        new MappedColumn("origin", "text", new ColumnSource.Constant("v1")));
  }

  @Test
  void generatedColumnsAreNeverWritten() {
    TableInfo target = table("tickets", List.of("id"), column("id", "bigint", true, false),
        new ColumnInfo("priority", "integer", false, false, true, false));

    assertThat(ColumnMapping.resolve(spec("tickets", null, Map.of()), target, SOURCE).columns())
        .extracting(MappedColumn::target).containsExactly("id");
  }

  @Test
  void everyProblemIsReportedWithItsPlaceInThePackage() {
    TableInfo target = table("tickets", List.of("id"), column("id", "bigint", true, false),
        column("title", "text", true, false), column("owner", "text", true, false));
    TableSpec spec = spec("tickets", null, Map.of("title", new ColumnSource.SourceColumn("headline"),
        "missing", new ColumnSource.Constant("x")));

    assertThat(ColumnMapping.resolve(spec, target, SOURCE).problems()).containsExactlyInAnyOrder(
        "tables.yaml:7: table 'tickets': column 'missing' is mapped, but the target table 'tickets' has no such column",
        "tables.yaml:7: table 'tickets': column 'title' is mapped from 'headline', but production's table 'tickets'"
            + " has no such column",
        "tables.yaml:7: table 'tickets': column 'owner' is NOT NULL without a default, and production's table"
            + " 'tickets' has no column of that name: map it under 'columns' with from, value or sql");
  }

  @Test
  void theChunkKeyFollowsTheTargetsPrimaryKeyBackToItsSourceColumn() {
    TableInfo details = table("ticket_details", List.of("ticket_id"), column("ticket_id", "bigint", true, false),
        column("body", "text", true, false));
    List<TablePlan> plans = TablePlans.build(
        List.of(spec("ticket_details", "tickets", Map.of("ticket_id", new ColumnSource.SourceColumn("id")))),
        List.of(details), List.of(SOURCE));

    assertThat(plans.get(0).key()).containsExactly(new KeyColumn("ticket_id", "id", "bigint"));
    assertThat(plans.get(0).chunked()).isTrue();
  }

  @Test
  void aTableWhoseKeyIsComputedIsCopiedWhole() {
    TableInfo target = table("tickets", List.of("id"), column("id", "bigint", true, false));
    List<TablePlan> plans = TablePlans.build(
        List.of(spec("tickets", null, Map.of("id", new ColumnSource.Expression("id + 1000")))),
        List.of(target), List.of(SOURCE));

    assertThat(plans.get(0).chunked()).isFalse();
  }

  @Test
  void missingTablesOnEitherSideAreReportedTogether() {
    assertThatThrownBy(() -> TablePlans.build(
        List.of(spec("tickets", "old_tickets", Map.of()), spec("comments", null, Map.of())),
        List.of(table("tickets", List.of())), List.of(SOURCE)))
        .isInstanceOf(MappingException.class)
        .satisfies(e -> assertThat(((MappingException) e).problems()).containsExactly(
            "tables.yaml:7: table 'tickets': production has no table 'old_tickets'",
            "tables.yaml:7: table 'comments': the pilot has no such table",
            "tables.yaml:7: table 'comments': production has no table 'comments'"));
  }

  private static TableSpec spec(String name, String source, Map<String, ColumnSource> columns) {
    return new TableSpec(name, TableClass.DATA, source, null, columns, new SourceLocation("tables.yaml", 7));
  }

  private static ColumnInfo column(String name, String type, boolean notNull, boolean hasDefault) {
    return new ColumnInfo(name, type, notNull, hasDefault, false, false);
  }

  private static TableInfo table(String name, List<String> key, ColumnInfo... columns) {
    return new TableInfo("public", name, 1, List.of(columns), key, 0);
  }
}
