package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.literal;
import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;
import static com.upgradectl.activities.platform.postgres.PostgresCopySql.names;
import static com.upgradectl.activities.platform.postgres.PostgresCopySql.typed;

import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import com.upgradectl.activities.copy.TablePlan;
import com.upgradectl.pkg.ColumnSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statements that read one table's mapped rows from production and write them into the pilot.
 *
 * <p>Every value read from production is CAST to the target column's type, so that COPY's text
 * format carries it unchanged into the pilot and both sides' checksums see the same text. A target
 * type production does not know (a type new in the target version, e.g. an enum) is read as text,
 * which the pilot then parses into its type.
 */
final class PostgresCopyStatements {
  private final TablePlan plan;
  private final Set<String> typesUnknownToProduction;
  private final boolean binary;
  private final PostgresRowChecksum checksum;

  /**
   * @param typesUnknownToProduction target column types production has no type of that name for
   * @param binary whether rows move in COPY's binary format (every column CAST to a built-in type
   *     both sides know, so the bytes mean the same on both)
   */
  PostgresCopyStatements(TablePlan plan, Set<String> typesUnknownToProduction, boolean binary) {
    this(plan, typesUnknownToProduction, binary, PostgresRowChecksum.MD5);
  }

  /** @param checksum how rows are summed, on both sides alike */
  PostgresCopyStatements(TablePlan plan, Set<String> typesUnknownToProduction, boolean binary,
      PostgresRowChecksum checksum) {
    this.plan = plan;
    this.typesUnknownToProduction = typesUnknownToProduction;
    this.binary = binary;
    this.checksum = checksum;
  }

  PostgresRowChecksum checksum() {
    return checksum;
  }

  PostgresCopyStatements(TablePlan plan, Set<String> typesUnknownToProduction) {
    this(plan, typesUnknownToProduction, false);
  }

  boolean binary() {
    return binary;
  }

  private String format() {
    return binary ? " (FORMAT binary)" : "";
  }

  TablePlan plan() {
    return plan;
  }

  /** Where rows go: the target table itself, or its staging copy. */
  record Destination(String schema, String table) {
    @Override
    public String toString() {
      return schema + "." + table;
    }
  }

  Destination target() {
    return new Destination(plan.target().schema(), plan.target().name());
  }

  Destination stage() {
    return new Destination(PostgresCopySql.STAGE_SCHEMA, plan.target().name());
  }

  /**
   * A range of the chunking key: above {@code after} (exclusive, null for no lower bound), up to
   * {@code upTo} (inclusive, null for no upper bound). Key values are text, as the server wrote them.
   */
  record KeyRange(List<String> after, List<String> upTo) {
    static final KeyRange ALL = new KeyRange(null, null);
  }

  /** Production's mapped rows in the range, each column CAST to the target's type. */
  String select(KeyRange range) {
    String projection = plan.columns().stream()
        .map(c -> "CAST(" + expression(c) + " AS " + castType(c) + ") AS " + name(c.target()))
        .collect(Collectors.joining(", "));
    return "SELECT " + projection + " FROM " + sourceTable() + where(range);
  }

  String copyOut(KeyRange range) {
    return "COPY (" + select(range) + ") TO STDOUT" + format();
  }

  /**
   * Production's mapped rows whose chunking key is one of {@code keys} (each the text of its values
   * in {@link TablePlan#key()} order); none when the list is empty.
   */
  String selectKeys(List<List<String>> keys) {
    return select(KeyRange.ALL) + (plan.sourceFilter() == null ? " WHERE " : " AND ")
        + keyIn(keys);
  }

  String copyOutKeys(List<List<String>> keys) {
    return "COPY (" + selectKeys(keys) + ") TO STDOUT" + format();
  }

  /** Count and checksum of production's mapped rows of the keys. */
  String sourceSumOfKeys(List<List<String>> keys) {
    return PostgresCopySql.sum("(" + selectKeys(keys) + ")", plan.targetColumns(), checksum);
  }

  /**
   * The keys as one array per key column, unnested into rows: the planner sees how many there are
   * and joins them to the key's index, one probe each. A list of VALUES rows made it hash them and
   * scan the whole table instead, once per statement. A key column whose type is itself an array
   * cannot be carried in an array literal and stays a VALUES list.
   */
  private String keyIn(List<List<String>> keys) {
    if (keys.isEmpty()) {
      return "false";
    }
    if (plan.key().stream().anyMatch(k -> k.sourceType().endsWith("]"))) {
      return keyRow() + " IN (VALUES " + keys.stream().map(this::valueRow).collect(Collectors.joining(", ")) + ")";
    }
    List<String> arrays = new ArrayList<>();
    for (int i = 0; i < plan.key().size(); i++) {
      int column = i;
      arrays.add(typed(PostgresArrayLiteral.of(keys.stream().map(k -> k.get(column)).toList()),
          plan.key().get(i).sourceType() + "[]"));
    }
    return keyRow() + " IN (SELECT * FROM unnest(" + String.join(", ", arrays) + "))";
  }

  String copyIn(Destination destination) {
    return "COPY " + name(destination.schema(), destination.table()) + " (" + names(plan.targetColumns()) + ") FROM STDIN"
        + format();
  }

  /**
   * The key that ends the next chunk: the highest of the next {@code rows} keys after {@code after};
   * no row when production has no more. Run inside the read point, so chunks never overlap or skip.
   */
  String nextChunkEnd(List<String> after, int rows) {
    return nextChunkEndWithin(new KeyRange(after, null), rows);
  }

  /**
   * The same within a range: the highest of the next {@code rows} keys above {@code range.after()}
   * and up to {@code range.upTo()}; no row when the range has no more.
   */
  String nextChunkEndWithin(KeyRange range, int rows) {
    List<String> source = plan.key().stream().map(KeyColumn::source).toList();
    return "SELECT " + asText("k", source) + " FROM (SELECT " + names(source) + " FROM " + sourceTable()
        + where(range) + " ORDER BY " + names(source) + " LIMIT " + rows + ") AS k"
        + " ORDER BY " + descending("k", source) + " LIMIT 1";
  }

  /**
   * Production's keys on a sample of about {@code percent} of the table's pages, in key order, as
   * text: where a large table is cut into ranges. Pages rather than rows are sampled, so the read
   * costs the sampled pages only.
   */
  String sampleKeys(double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("a sample is more than 0 and at most 100 percent, was " + percent);
    }
    List<String> source = plan.key().stream().map(KeyColumn::source).toList();
    return "SELECT " + asText("k", source) + " FROM " + sourceTable() + " AS k TABLESAMPLE SYSTEM ("
        + String.format(java.util.Locale.ROOT, "%.6f", percent) + ")" + where(KeyRange.ALL)
        + " ORDER BY " + source.stream().map(c -> "k." + name(c)).collect(Collectors.joining(", "));
  }

  /** The highest key the destination holds, as text; where a resumed copy continues. */
  String highestCopiedKey(Destination destination) {
    return highestCopiedKey(destination, KeyRange.ALL);
  }

  /** The highest key the destination holds within the range: where that range's resumed copy continues. */
  String highestCopiedKey(Destination destination, KeyRange range) {
    List<String> target = plan.key().stream().map(KeyColumn::target).toList();
    String targetRow = "(" + target.stream().map(c -> "d." + name(c)).collect(Collectors.joining(", ")) + ")";
    List<String> bounds = new ArrayList<>();
    if (range.after() != null) {
      bounds.add(targetRow + " > " + valueRow(range.after()));
    }
    if (range.upTo() != null) {
      bounds.add(targetRow + " <= " + valueRow(range.upTo()));
    }
    return "SELECT " + asText("d", target) + " FROM " + name(destination.schema(), destination.table()) + " AS d"
        + (bounds.isEmpty() ? "" : " WHERE " + String.join(" AND ", bounds))
        + " ORDER BY " + descending("d", target) + " LIMIT 1";
  }

  String count(Destination destination) {
    return PostgresCopySql.count(destination.schema(), destination.table());
  }

  /** Count and checksum of production's mapped rows. */
  String sourceSum() {
    return sourceSum(checksum);
  }

  /** The same, summed by the given kind. */
  String sourceSum(PostgresRowChecksum kind) {
    return PostgresCopySql.sum("(" + select(KeyRange.ALL) + ")", plan.targetColumns(), kind);
  }

  /** Count and checksum of the mapped columns in the destination. */
  String destinationSum(Destination destination) {
    return PostgresCopySql.sum(name(destination.schema(), destination.table()), plan.targetColumns(), checksum);
  }

  private String sourceTable() {
    return name(plan.source().schema(), plan.source().name());
  }

  private String expression(MappedColumn column) {
    if (column.source() instanceof ColumnSource.SourceColumn c) {
      return name(c.column());
    }
    if (column.source() instanceof ColumnSource.Constant c) {
      return literal(c.value());
    }
    // The package's SQL is the vendor's, trusted like its schema scripts; parenthesized so it stays one operand.
    return "(" + ((ColumnSource.Expression) column.source()).sql() + ")";
  }

  private String castType(MappedColumn column) {
    return typesUnknownToProduction.contains(column.targetType()) ? "text" : column.targetType();
  }

  private String where(KeyRange range) {
    List<String> conditions = new ArrayList<>();
    if (plan.sourceFilter() != null) {
      conditions.add("(" + plan.sourceFilter() + ")");
    }
    if (range.after() != null) {
      conditions.add(keyRow() + " > " + valueRow(range.after()));
    }
    if (range.upTo() != null) {
      conditions.add(keyRow() + " <= " + valueRow(range.upTo()));
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private String keyRow() {
    return "(" + names(plan.key().stream().map(KeyColumn::source).toList()) + ")";
  }

  private String valueRow(List<String> values) {
    List<String> typed = new ArrayList<>();
    for (int i = 0; i < plan.key().size(); i++) {
      typed.add(typed(values.get(i), plan.key().get(i).sourceType()));
    }
    return "(" + String.join(", ", typed) + ")";
  }

  /**
   * Key columns as text, under names of their own: a bare {@code ORDER BY "id"} would otherwise sort
   * by the text output column of the same name ('99' after '199').
   */
  private static String asText(String alias, List<String> columns) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      values.add("CAST(" + alias + "." + name(columns.get(i)) + " AS text) AS " + name("key_" + (i + 1)));
    }
    return String.join(", ", values);
  }

  private static String descending(String alias, List<String> columns) {
    return columns.stream().map(c -> alias + "." + name(c) + " DESC").collect(Collectors.joining(", "));
  }
}
