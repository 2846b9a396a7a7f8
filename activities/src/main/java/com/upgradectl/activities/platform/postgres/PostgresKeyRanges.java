package com.upgradectl.activities.platform.postgres;

import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a large table into ranges of its key, so that several lanes copy it side by side instead of
 * one lane doing nearly all the work (pgbench_accounts is nearly all of a pgbench database).
 *
 * <p>The boundaries are keys sampled at the read point and need not balance the ranges well: lanes
 * take the next range when they finish one, so a larger range only ends later. What matters is that
 * the ranges {@code (null, b1], (b1, b2], ..., (bn, null]} cover every key exactly once, whatever the
 * boundaries are: a key is compared with them as a row, as the chunks' own bounds are.
 */
final class PostgresKeyRanges {
  /** Enough sampled keys per range that sampling whole pages still lands near even ranges. */
  static final int SAMPLED_KEYS_PER_RANGE = 1_000;
  /** Ranges per lane: lanes that finish early take another range, so unequal ranges even out. */
  static final int RANGES_PER_LANE = 4;
  /** Chunks per range at least: a range of fewer chunks would cost more planning than its lane gains. */
  static final int CHUNKS_PER_RANGE = 4;

  private PostgresKeyRanges() {}

  /**
   * How many ranges a table of about {@code estimatedRows} is cut into: 1 (not cut) below two minimum
   * ranges or with one lane, else one per minimum range, at most {@value #RANGES_PER_LANE} per lane.
   */
  static int count(long estimatedRows, int lanes, CopySettings settings) {
    long minimum = Math.max((long) CHUNKS_PER_RANGE * settings.chunkRows(), settings.minimumRangeRows());
    if (lanes < 2 || estimatedRows < 2 * minimum) {
      return 1;
    }
    return (int) Math.min(estimatedRows / minimum, (long) RANGES_PER_LANE * lanes);
  }

  /**
   * Boundaries for {@code count} ranges of the table, read from a sample of its pages at the read
   * point the connection is in; fewer (none) when the sample holds too few keys.
   */
  static List<List<String>> boundaries(Connection production, PostgresCopyStatements sql, long estimatedRows,
      int count) throws SQLException {
    if (count < 2 || estimatedRows < 1) {
      return List.of();
    }
    double percent = Math.min(100.0, 100.0 * count * SAMPLED_KEYS_PER_RANGE / estimatedRows);
    return everyNth(keys(production, sql.sampleKeys(percent)), count);
  }

  /** The keys that cut the ordered sample into {@code count} parts of about its size over count. */
  static List<List<String>> everyNth(List<List<String>> orderedSample, int count) {
    List<List<String>> boundaries = new ArrayList<>();
    if (count < 2 || orderedSample.size() < count) {
      return boundaries;
    }
    for (int part = 1; part < count; part++) {
      boundaries.add(orderedSample.get((int) ((long) part * orderedSample.size() / count) - 1));
    }
    return boundaries;
  }

  /** The ranges the boundaries (in key order) cut the whole key space into; one range without any. */
  static List<KeyRange> between(List<List<String>> boundaries) {
    List<KeyRange> ranges = new ArrayList<>();
    List<String> after = null;
    for (List<String> boundary : boundaries) {
      ranges.add(new KeyRange(after, boundary));
      after = boundary;
    }
    ranges.add(new KeyRange(after, null));
    return ranges;
  }

  private static List<List<String>> keys(Connection c, String query) throws SQLException {
    List<List<String>> keys = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> key = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          key.add(rs.getString(i));
        }
        keys.add(key);
      }
    }
    return keys;
  }
}
