package com.upgradectl.activities.platform;

/**
 * The only place identifiers become SQL text. A dialect says its quote characters; quoting itself
 * is this one final method, so nobody quotes a name by hand.
 */
public abstract class Identifiers {
  private final String open;
  private final String close;

  protected Identifiers(String open, String close) {
    this.open = open;
    this.close = close;
  }

  /** Quotes one identifier, doubling the closing quote character inside it. */
  public final String quote(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      throw new IllegalArgumentException("empty identifier");
    }
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains a NUL character");
    }
    return open + identifier.replace(close, close + close) + close;
  }

  /** Quotes each part of a qualified name (schema.table). */
  public final String quote(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(quote(part));
    }
    return sb.toString();
  }
}
