package com.upgradectl.pkg;

/**
 * The rule for table and column names in a package: ASCII letters, digits and '_', starting with a
 * letter or '_', at most 63 characters (PostgreSQL's limit, also valid on SQL Server). Names are
 * quoted by the platform anyway; the rule keeps packages portable and refuses typos such as a
 * stray quote or space early, with the line where they were written.
 */
final class SqlIdentifiers {
  static final int MAX_LENGTH = 63;

  private SqlIdentifiers() {}

  /** @return null when {@code name} is valid, else why it is not */
  static String problemWith(String name) {
    if (name.isEmpty()) {
      return "is empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      if (!letter && !(digit && i > 0)) {
        return "contains " + describe(c) + " at position " + (i + 1)
            + ": only ASCII letters, digits and '_' are allowed, starting with a letter or '_'";
      }
    }
    return null;
  }

  private static String describe(char c) {
    if (Character.isWhitespace(c)) {
      return "whitespace";
    }
    if (Character.isISOControl(c)) {
      return "a control character";
    }
    return "'" + c + "'";
  }
}
