package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.KeyColumn;
import com.upgradectl.activities.copy.MappedColumn;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ORDER hint a bulk copy gives SQL Server: the destination's clustered key, when the rows are
 * known to arrive in that order. The server then appends them to the clustered index without
 * sorting them first (under TABLOCK, minimally logged where the recovery model allows). A hint the
 * rows do not follow fails the load (error 4819), so anything short of a guarantee gives none.
 */
final class SqlServerOrderHint {
  /** Character types order by collation, which the catalog does not compare between the two sides. */
  private static final Set<String> COLLATED = Set.of("char", "varchar", "nchar", "nvarchar", "text", "ntext", "sql_variant");

  private SqlServerOrderHint() {}

  /** One column of the destination's clustered index, in key order. */
  record ClusteredColumn(String name, boolean descending) {}

  /**
   * The clustered key columns to hint, ascending; empty for no hint.
   *
   * @param clusteredKey the destination's clustered index columns in key order; empty for a heap
   *     (or a clustered columnstore, which has no key order)
   * @param readOrder the key production's rows are read in, ascending; empty when the read has no ORDER BY
   * @param columns the mapped columns, for the target types of the key columns
   */
  static List<ClusteredColumn> forLoad(List<ClusteredColumn> clusteredKey, List<KeyColumn> readOrder,
      List<MappedColumn> columns) {
    // The clustered key must be a prefix of the read order: rows sorted by (a, b) are sorted by (a).
    if (clusteredKey.isEmpty() || clusteredKey.size() > readOrder.size()) {
      return List.of();
    }
    for (int i = 0; i < clusteredKey.size(); i++) {
      ClusteredColumn clustered = clusteredKey.get(i);
      KeyColumn read = readOrder.get(i);
      if (clustered.descending() || !clustered.name().equals(read.target()) || !sameOrderOnBothSides(read, columns)) {
        return List.of();
      }
    }
    return List.copyOf(clusteredKey);
  }

  /** Production sorts the source column, the pilot compares the target's: the same when both are one non-character type. */
  private static boolean sameOrderOnBothSides(KeyColumn key, List<MappedColumn> columns) {
    String targetType = columns.stream().filter(c -> c.target().equals(key.target())).map(MappedColumn::targetType)
        .findFirst().orElse(null);
    return targetType != null && normalized(targetType).equals(normalized(key.sourceType()))
        && !COLLATED.contains(baseType(targetType));
  }

  private static String normalized(String type) {
    return type.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  private static String baseType(String type) {
    String lower = normalized(type);
    int paren = lower.indexOf('(');
    return paren < 0 ? lower : lower.substring(0, paren);
  }
}
