package com.upgradectl.pkg.schema;

import static com.upgradectl.pkg.schema.SchemaCheckTest.col;
import static com.upgradectl.pkg.schema.SchemaCheckTest.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.pkg.ColumnSource;
import com.upgradectl.pkg.InvalidPackageException;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnPlansTest {
  static final SourceLocation AT = new SourceLocation("package.yaml", 9);

  @Test
  void plansEveryTargetColumnInTargetOrderWithItsSource() {
    Map<String, ColumnSource> overrides = new LinkedHashMap<>();
    overrides.put("label", new ColumnSource.Expression("upper(code)"));
    overrides.put("SUMMARY", new ColumnSource.SourceColumn("title"));
    overrides.put("impact", new ColumnSource.Constant("medium"));
    TableSpec spec = new TableSpec("tickets", TableClass.DATA, "tickets", null, overrides, AT);
    TableShape target = table("tickets",
        col("id", "bigint", false, true),
        col("Summary", "character varying(200)", false, false),
        col("impact", "character varying(10)", false, true),
        col("label", "text", true, false),
        col("Status", "text", false, true));
    TableShape source = table("Tickets",
        col("ID", "bigint", false, true), col("Title", "text", false, false), col("code", "text", true, false), col("status", "text", false, true));

    assertThat(ColumnPlans.resolve(spec, target, source)).containsExactly(
        new ColumnPlan("id", "bigint", new ColumnSource.SourceColumn("ID")),
        new ColumnPlan("Summary", "character varying(200)", new ColumnSource.SourceColumn("Title")),
        new ColumnPlan("impact", "character varying(10)", new ColumnSource.Constant("medium")),
        new ColumnPlan("label", "text", new ColumnSource.Expression("upper(code)")),
        new ColumnPlan("Status", "text", new ColumnSource.SourceColumn("status")));
  }

  @Test
  void leavesOutColumnsWithoutSourceThatHaveADefaultOrAllowNullAndGeneratedColumns() {
    TableSpec spec = new TableSpec("tickets", TableClass.DATA, "tickets", null, Map.of(), AT);
    TableShape target = table("tickets",
        col("id", "bigint", false, true),
        col("impact", "text", false, true),
        col("color", "text", true, false),
        new ColumnShape("search_text", "text", false, false, true));
    TableShape source = table("tickets", col("id", "bigint", false, true), col("search_text", "text", true, false));

    assertThat(ColumnPlans.resolve(spec, target, source)).containsExactly(
        new ColumnPlan("id", "bigint", new ColumnSource.SourceColumn("id")));
  }

  @Test
  void refusesAMappingThatDoesNotFitTheTables() {
    TableSpec spec = new TableSpec("tickets", TableClass.DATA, "tickets", null, Map.of("summary", new ColumnSource.SourceColumn("titel")), AT);
    TableShape target = table("tickets", col("summary", "text", false, false), col("impact", "text", false, false));
    TableShape source = table("tickets", col("title", "text", false, false));

    assertThatThrownBy(() -> ColumnPlans.resolve(spec, target, source))
        .isInstanceOf(InvalidPackageException.class)
        .hasMessage("upgrade package (mapping of table tickets) has 2 problems:"
            + "\n  package.yaml:9: table 'tickets': column 'summary' is mapped from 'titel', but production's table 'tickets' has no such column (did you mean 'title'?)"
            + "\n  package.yaml:9: table 'tickets': column 'impact' is NOT NULL without a default, and production's table 'tickets' has no column of that name: map it under 'columns' with from, value or sql");
  }

  @Test
  void refusesAnExcludedTable() {
    TableSpec spec = new TableSpec("schema_version", TableClass.EXCLUDED, "schema_version", null, Map.of(), AT);
    TableShape shape = table("schema_version", col("version", "text", false, false));

    assertThatThrownBy(() -> ColumnPlans.resolve(spec, shape, shape))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table schema_version is excluded: it is not imported, so it has no column plan");
  }
}
