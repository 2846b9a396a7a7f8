package com.upgradectl.activities.platform.sqlserver;

import java.util.List;

/**
 * One T-SQL statement as the platform built it: text whose identifiers were quoted by
 * {@link SqlServerIdentifiers} and whose values are bound {@code ?} parameters wherever T-SQL takes
 * them (ALTER DATABASE, BACKUP paths and KILL do not: those are quoted names, N'' literals or a
 * checked number).
 */
public record Tsql(String text, List<Object> parameters, boolean autocommit) {
  public Tsql {
    parameters = List.copyOf(parameters);
  }

  public static Tsql of(String text, Object... parameters) {
    return new Tsql(text, List.of(parameters), false);
  }

  /**
   * A statement SQL Server refuses inside a user transaction (ALTER DATABASE, CREATE/DROP DATABASE,
   * BACKUP, RESTORE): it is sent in autocommit.
   */
  public static Tsql outsideTransaction(String text) {
    return new Tsql(text, List.of(), true);
  }

  @Override
  public String toString() {
    return parameters.isEmpty() ? text : text + " " + parameters;
  }
}
