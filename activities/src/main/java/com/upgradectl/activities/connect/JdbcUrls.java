package com.upgradectl.activities.connect;

import java.util.regex.Pattern;

/** Keeps secrets that some JDBC URLs carry (password=...) out of logs and messages. */
public final class JdbcUrls {
  private static final Pattern SECRET = Pattern.compile("(?i)(password|pwd)=([^;&]*)");

  private JdbcUrls() {}

  public static String masked(String url) {
    return url == null ? null : SECRET.matcher(url).replaceAll("$1=****");
  }
}
