package com.upgradectl.workflows.common;

import java.util.regex.Pattern;

/**
 * The one rule for connection-profile names, shared by the worker's configuration and the CLI:
 * the name is part of the workflow id, so both sides must agree on it.
 */
public final class ProfileNames {
  public static final String RULE = "starts with a letter and holds only letters, digits, '_' and '-' (at most 63)";
  private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

  private ProfileNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }
}
