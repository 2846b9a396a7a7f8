package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.literal;
import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;

import com.upgradectl.activities.platform.postgres.PostgresChangeRecording.TableKey;
import com.upgradectl.workflows.pilot.SwitchBackReport.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL text that enters a change written after the switch again: an INSERT of an inserted row,
 * an UPDATE of every column of an updated row, a DELETE of a deleted one, by key. Values are the
 * server's own text of each value (exact for every type) as string literals, which PostgreSQL
 * converts to the column's type. The statements are in the table's shape in the switched database
 * (the new version): where the versions differ, the operator adapts them.
 */
final class ReentryStatements {
  private ReentryStatements() {}

  /**
   * @param keyValues the key's values as text, in the order of the key's columns
   * @param columns the table's columns as read from the switched database
   * @param values their values as text, all null when the row is gone (deleted)
   */
  static String of(Kind kind, TableKey key, List<String> keyValues, List<String> columns, List<String> values) {
    String table = name(key.table());
    return switch (kind) {
      case INSERTED -> "INSERT INTO " + table + " (" + columns.stream().map(PostgresCopySql::name)
          .collect(Collectors.joining(", ")) + ") VALUES (" + values.stream().map(ReentryStatements::value)
          .collect(Collectors.joining(", ")) + ");";
      case UPDATED -> "UPDATE " + table + " SET " + assignments(key, columns, values) + " WHERE "
          + keyCondition(key, keyValues) + ";";
      case DELETED -> "DELETE FROM " + table + " WHERE " + keyCondition(key, keyValues) + ";";
    };
  }

  private static String assignments(TableKey key, List<String> columns, List<String> values) {
    List<String> set = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (!key.columns().contains(columns.get(i))) {
        set.add(name(columns.get(i)) + " = " + value(values.get(i)));
      }
    }
    return String.join(", ", set);
  }

  private static String keyCondition(TableKey key, List<String> keyValues) {
    List<String> conditions = new ArrayList<>();
    for (int i = 0; i < key.columns().size(); i++) {
      conditions.add(name(key.columns().get(i)) + " = " + value(keyValues.get(i)));
    }
    return String.join(" AND ", conditions);
  }

  private static String value(String text) {
    return text == null ? "NULL" : literal(text);
  }
}
