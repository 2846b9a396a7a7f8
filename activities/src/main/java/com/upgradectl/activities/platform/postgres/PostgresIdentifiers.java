package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.platform.Identifiers;

/** Double quotes, with {@code "} doubled. */
public final class PostgresIdentifiers extends Identifiers {
  public static final PostgresIdentifiers INSTANCE = new PostgresIdentifiers();

  private PostgresIdentifiers() {
    super("\"", "\"");
  }
}
