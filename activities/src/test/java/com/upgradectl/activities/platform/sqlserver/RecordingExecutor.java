package com.upgradectl.activities.platform.sqlserver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what the server class sends, in order, answers queries with rows a test gives, and fails
 * the statements a test names with the SQL Server error number it names. Not a database: it only
 * shows which statements run, in which order, and what happens after one fails.
 */
final class RecordingExecutor implements TsqlExecutor {
  private final List<Tsql> sent = new ArrayList<>();
  private final List<Tsql> executed = new ArrayList<>();
  private final Map<Tsql, List<List<Object>>> answers = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();

  @SafeVarargs
  final RecordingExecutor answer(Tsql query, List<Object>... rows) {
    answers.put(query, List.of(rows));
    return this;
  }

  /** The statement with this exact text fails with this error number. */
  RecordingExecutor fail(String text, int errorNumber) {
    failures.put(text, errorNumber);
    return this;
  }

  /** The texts sent so far, queries included, in order. */
  List<String> sent() {
    return sent.stream().map(Tsql::text).toList();
  }

  /** Only the statements sent to change something, in order (queries left out). */
  List<String> changes() {
    return executed.stream().map(Tsql::text).toList();
  }

  @Override
  public void execute(Connection connection, Tsql statement) throws SQLException {
    sent.add(statement);
    executed.add(statement);
    failIfAsked(statement);
  }

  @Override
  public List<List<Object>> query(Connection connection, Tsql statement) throws SQLException {
    sent.add(statement);
    failIfAsked(statement);
    return answers.getOrDefault(statement, List.of());
  }

  private void failIfAsked(Tsql statement) throws SQLException {
    Integer error = failures.get(statement.text());
    if (error != null) {
      throw new SQLException("error " + error + " (injected)", "S0001", error);
    }
  }
}
