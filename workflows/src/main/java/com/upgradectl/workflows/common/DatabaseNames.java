package com.upgradectl.workflows.common;

/**
 * The one rule for database names that operators may pass. Names are quoted by the platform
 * anyway; this rule refuses the characters that have no business in a database name (quotes,
 * brackets, semicolons, whitespace, control characters) so that a typo or an injection attempt is
 * refused before anything is changed.
 */
public final class DatabaseNames {
  /** SQL Server's limit; PostgreSQL's (63 bytes) is checked by its platform. */
  public static final int MAX_LENGTH = 128;

  private DatabaseNames() {}

  /**
   * @param role what the name is for ("production database", "pilot database"...), used in the message
   * @throws IllegalArgumentException naming the problem
   */
  public static String requireValid(String role, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(role + " name is missing");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          role + " name is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (!isAllowed(cp, i == 0)) {
        throw new IllegalArgumentException(
            role + " name '" + name + "' contains " + describe(cp) + " at position " + (i + 1)
                + ": only letters, digits, '_', '-' and '$' are allowed, starting with a letter or '_'");
      }
      i += Character.charCount(cp);
    }
    return name;
  }

  private static boolean isAllowed(int cp, boolean first) {
    if (Character.isLetter(cp) || cp == '_') {
      return true;
    }
    return !first && (Character.isDigit(cp) || cp == '-' || cp == '$');
  }

  private static String describe(int cp) {
    if (Character.isWhitespace(cp)) {
      return "whitespace";
    }
    if (Character.isISOControl(cp)) {
      return "a control character";
    }
    return "'" + new String(Character.toChars(cp)) + "'";
  }
}
