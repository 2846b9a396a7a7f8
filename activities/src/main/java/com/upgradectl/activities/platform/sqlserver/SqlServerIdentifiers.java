package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.platform.Identifiers;

/** Brackets, with {@code ]} doubled. */
public final class SqlServerIdentifiers extends Identifiers {
  public static final SqlServerIdentifiers INSTANCE = new SqlServerIdentifiers();

  private SqlServerIdentifiers() {
    super("[", "]");
  }
}
