package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.literal;
import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;

import com.upgradectl.activities.platform.postgres.PostgresChangeRecording.TableKey;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import java.util.ArrayList;
import java.sql.Types;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL text that enters a change written after the switch again: an INSERT of an inserted row,
 * an UPDATE of every column of an updated row, a DELETE of a deleted one, by key. Values are the
 * server's own text of each value (exact for every type): numbers as they are, so keys read as the
 * operator knows them ({@code id = 42}), everything else as string literals, which PostgreSQL
 * converts to the column's type. The statements are in the table's shape in the switched database
 * (the new version): where the versions differ, the operator adapts them.
 */
final class ReentryStatements {
  private ReentryStatements() {}

  /**
   * @param keyValues the key's values as text, in the order of the key's columns
   * @param columns the table's columns as read from the switched database
   * @param values their values as text, all null when the row is gone (deleted)
   * @param numeric the columns of a number type, whose values are written without quotes
   */
  static String of(Kind kind, TableKey key, List<String> keyValues, List<String> columns, List<String> values,
      Set<String> numeric) {
    String table = name(key.table());
    return switch (kind) {
      case INSERTED -> "INSERT INTO " + table + " (" + columns.stream().map(PostgresCopySql::name)
          .collect(Collectors.joining(", ")) + ") VALUES (" + valuesOf(columns, values, numeric) + ");";
      case UPDATED -> "UPDATE " + table + " SET " + assignments(key, columns, values, numeric) + " WHERE "
          + keyCondition(key, keyValues, numeric) + ";";
      case DELETED -> "DELETE FROM " + table + " WHERE " + keyCondition(key, keyValues, numeric) + ";";
    };
  }

  /** JDBC types whose server text is a plain number: integers and exact decimals. */
  static boolean isNumber(int jdbcType) {
    return jdbcType == Types.SMALLINT || jdbcType == Types.INTEGER || jdbcType == Types.BIGINT
        || jdbcType == Types.NUMERIC || jdbcType == Types.DECIMAL;
  }

  private static String valuesOf(List<String> columns, List<String> values, Set<String> numeric) {
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      listed.add(value(values.get(i), numeric.contains(columns.get(i))));
    }
    return String.join(", ", listed);
  }

  private static String assignments(TableKey key, List<String> columns, List<String> values, Set<String> numeric) {
    List<String> set = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (!key.columns().contains(columns.get(i))) {
        set.add(name(columns.get(i)) + " = " + value(values.get(i), numeric.contains(columns.get(i))));
      }
    }
    return String.join(", ", set);
  }

  private static String keyCondition(TableKey key, List<String> keyValues, Set<String> numeric) {
    List<String> conditions = new ArrayList<>();
    for (int i = 0; i < key.columns().size(); i++) {
      String column = key.columns().get(i);
      conditions.add(name(column) + " = " + value(keyValues.get(i), numeric.contains(column)));
    }
    return String.join(" AND ", conditions);
  }

  private static String value(String text, boolean number) {
    if (text == null) {
      return "NULL";
    }
    // the server's text of a number type is digits, sign and point only; checked all the same
    return number && PLAIN_NUMBER.matcher(text).matches() ? text : literal(text);
  }

  private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
}
