package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.platform.sqlserver.SqlServerChangeTrackingStatements.Column;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The T-SQL that enters a change written after the switch again: an INSERT of an inserted row
 * (inside IDENTITY_INSERT when the table has an identity), an UPDATE of every writable non-key
 * column of an updated row, a DELETE of a deleted one, by key. Values are the server's own text of
 * each value ({@link SqlServerChangeTrackingStatements#asText}): numbers as they are, the rest as N'' literals, which SQL Server
 * converts to the column's type; binary values as their 0x constant. The statements are in the
 * table's shape in the switched database (the new version): where the versions differ, the
 * operator adapts them.
 */
final class SqlServerReentryStatements {
  private static final SqlServerIdentifiers ids = SqlServerIdentifiers.INSTANCE;
  private static final Pattern HEX = Pattern.compile("0x[0-9A-Fa-f]*");

  private SqlServerReentryStatements() {}

  /**
   * @param keyValues the key's values as text, in the order of the key's columns
   * @param values every column's value as text, all null when the row is gone (deleted)
   */
  static String of(Kind kind, String schema, String table, List<String> keyColumns, List<String> keyValues,
      List<Column> columns, List<String> values) {
    String name = ids.quote(schema, table);
    return switch (kind) {
      case INSERTED -> insert(name, columns, values);
      case UPDATED -> update(name, keyColumns, keyValues, columns, values);
      case DELETED -> "DELETE FROM " + name + " WHERE " + keyCondition(keyColumns, keyValues, columns) + ";";
    };
  }

  private static String insert(String name, List<Column> columns, List<String> values) {
    List<String> names = new ArrayList<>();
    List<String> literals = new ArrayList<>();
    boolean identity = false;
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      if (column.writable()) {
        names.add(ids.quote(column.name()));
        literals.add(value(values.get(i), column));
        identity |= column.identity();
      }
    }
    String insert = "INSERT INTO " + name + " (" + String.join(", ", names) + ") VALUES ("
        + String.join(", ", literals) + ");";
    return identity ? "SET IDENTITY_INSERT " + name + " ON; " + insert + " SET IDENTITY_INSERT " + name + " OFF;"
        : insert;
  }

  private static String update(String name, List<String> keyColumns, List<String> keyValues, List<Column> columns,
      List<String> values) {
    List<String> set = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      if (column.writable() && !column.identity() && !keyColumns.contains(column.name())) {
        set.add(ids.quote(column.name()) + " = " + value(values.get(i), column));
      }
    }
    String where = keyCondition(keyColumns, keyValues, columns);
    return set.isEmpty() ? "-- " + name + " has no column besides its key to update WHERE " + where
        : "UPDATE " + name + " SET " + String.join(", ", set) + " WHERE " + where + ";";
  }

  private static String keyCondition(List<String> keyColumns, List<String> keyValues, List<Column> columns) {
    List<String> conditions = new ArrayList<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      String key = keyColumns.get(i);
      Column column = columns.stream().filter(c -> c.name().equals(key)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("key column " + key + " is not among the table's columns"));
      conditions.add(ids.quote(key) + " = " + value(keyValues.get(i), column));
    }
    return conditions.stream().collect(Collectors.joining(" AND "));
  }

  /** A binary value is written as the 0x constant the server gave, checked to be one; anything else as N''. */
  static String value(String text, Column column) {
    if (text == null) {
      return "NULL";
    }
    if (column.binary()) {
      if (!HEX.matcher(text).matches()) {
        throw new IllegalArgumentException("binary value of column " + column.name() + " is not a 0x constant");
      }
      return text;
    }
    if (NUMBER_TYPES.contains(column.type().toLowerCase(Locale.ROOT)) && PLAIN_NUMBER.matcher(text).matches()) {
      return text; // keys read as the operator knows them: [id] = 42
    }
    return SqlServerPlatform.INSTANCE.literal(text);
  }

  private static final Set<String> NUMBER_TYPES = Set.of("tinyint", "smallint", "int", "bigint", "decimal", "numeric");
  private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
}
