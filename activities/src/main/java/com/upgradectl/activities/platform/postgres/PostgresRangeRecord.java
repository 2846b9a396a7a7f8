package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;

import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.Destination;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key ranges a table is being copied in, kept in the pilot beside its rows. A retry must cut the
 * table where the attempt that left rows cut it: each range holds a prefix of its own keys, so a range
 * resumes after its highest key; ranges cut elsewhere would take a gap between two earlier ranges for
 * rows already copied. A fresh sample would cut elsewhere, so the first attempt's boundaries are kept.
 *
 * <p>A table without a record is copied as one range. The record lives in a schema of its own,
 * dropped when the copy that used it is complete.
 */
final class PostgresRangeRecord {
  static final String SCHEMA = "upgradectl_copy_ranges";
  private static final String TABLE = "boundaries";

  private PostgresRangeRecord() {}

  /** The boundaries an earlier attempt cut the destination at, in key order; none when it was not cut. */
  static List<List<String>> boundaries(Connection pilot, Destination destination) throws SQLException {
    List<List<String>> boundaries = new ArrayList<>();
    if (!exists(pilot)) {
      return boundaries;
    }
    try (PreparedStatement s = pilot.prepareStatement("SELECT boundary FROM " + name(SCHEMA, TABLE)
        + " WHERE destination_schema = ? AND destination_table = ? ORDER BY position")) {
      s.setString(1, destination.schema());
      s.setString(2, destination.table());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Array boundary = rs.getArray(1);
          boundaries.add(List.copyOf(Arrays.asList((String[]) boundary.getArray())));
          boundary.free();
        }
      }
    }
    return boundaries;
  }

  /**
   * Records the boundaries of a destination about to be copied from empty, in place of any earlier
   * record; with none, only forgets the earlier record.
   */
  static void keep(Connection pilot, Destination destination, List<List<String>> boundaries) throws SQLException {
    if (boundaries.isEmpty() && !exists(pilot)) {
      return;
    }
    boolean autoCommit = pilot.getAutoCommit();
    pilot.setAutoCommit(false);
    try {
      PostgresCopyJdbc.execute(pilot, "CREATE SCHEMA IF NOT EXISTS " + name(SCHEMA));
      PostgresCopyJdbc.execute(pilot, "CREATE TABLE IF NOT EXISTS " + name(SCHEMA, TABLE)
          + " (destination_schema text NOT NULL, destination_table text NOT NULL, position integer NOT NULL,"
          + " boundary text[] NOT NULL, PRIMARY KEY (destination_schema, destination_table, position))");
      try (PreparedStatement forget = pilot.prepareStatement("DELETE FROM " + name(SCHEMA, TABLE)
          + " WHERE destination_schema = ? AND destination_table = ?")) {
        forget.setString(1, destination.schema());
        forget.setString(2, destination.table());
        forget.executeUpdate();
      }
      try (PreparedStatement record = pilot.prepareStatement("INSERT INTO " + name(SCHEMA, TABLE)
          + " (destination_schema, destination_table, position, boundary) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < boundaries.size(); i++) {
          record.setString(1, destination.schema());
          record.setString(2, destination.table());
          record.setInt(3, i + 1);
          record.setArray(4, pilot.createArrayOf("text", boundaries.get(i).toArray(String[]::new)));
          record.executeUpdate();
        }
      }
      pilot.commit();
    } catch (SQLException | RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      pilot.setAutoCommit(autoCommit);
    }
  }

  /** Forgets every record: the copies they were for are complete. */
  static void forgetAll(Connection pilot) throws SQLException {
    PostgresCopyJdbc.execute(pilot, "DROP SCHEMA IF EXISTS " + name(SCHEMA) + " CASCADE");
  }

  private static boolean exists(Connection pilot) throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, name(SCHEMA, TABLE));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
