package com.upgradectl.activities.platform.sqlserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The names of a copy's database snapshot and of its sparse files. */
final class SqlServerSnapshotNames {
  static final String PREFIX = "upgradectl_snap_";
  /** sysname. */
  static final int MAX_DATABASE_NAME = 128;

  private SqlServerSnapshotNames() {}

  /**
   * One per production database, so an attempt finds (and drops) what a crashed one left. A long
   * name is cut and made unique again by a hash of the whole.
   */
  static String snapshotOf(String database) {
    String name = PREFIX + database;
    if (name.length() <= MAX_DATABASE_NAME) {
      return name;
    }
    String hash = sha256(database).substring(0, 12);
    return name.substring(0, MAX_DATABASE_NAME - hash.length() - 1) + "_" + hash;
  }

  /**
   * Next to the data file it shadows (the server can write there), named after the snapshot and the
   * logical file; characters a file name may not hold become '_'. Windows and Linux paths both.
   */
  static String sparseFile(String dataFilePath, String snapshot, String logicalName) {
    int slash = Math.max(dataFilePath.lastIndexOf('/'), dataFilePath.lastIndexOf('\\'));
    String directory = slash < 0 ? "" : dataFilePath.substring(0, slash + 1);
    return directory + safe(snapshot) + "_" + safe(logicalName) + ".ss";
  }

  private static String safe(String text) {
    return text.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
