package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;

import com.upgradectl.activities.platform.postgres.PostgresCopyStatements.KeyRange;
import com.upgradectl.workflows.imports.ImportPieceActivities;
import io.temporal.failure.ApplicationFailure;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pilot's record of an import cut into pieces: each piece's table and key range, and the read
 * point the pieces are copied at — its generation and, once its holder has opened it, the snapshot
 * to adopt. Every chunk a piece commits first takes the read point's row FOR SHARE and checks the
 * generation, so the restart that retires a read point (taking the row FOR UPDATE, then emptying the
 * tables) waits for chunks in flight, and no later chunk of the old read point gets in.
 */
final class PostgresImportPieces {
  static final String PIECES = "upgradectl_import_pieces";
  static final String READ_POINT = "upgradectl_import_read_point";
  /** PostgreSQL's SQLSTATE for a relation that does not exist. */
  private static final String UNDEFINED_TABLE = "42P01";

  /** A piece as recorded: its table and the key range it covers (both bounds null: the whole table). */
  record Piece(int number, String table, KeyRange range) {}

  private PostgresImportPieces() {}

  static boolean recorded(Connection pilot, String schema) throws SQLException {
    return PostgresCatalog.tableExists(pilot, schema, PIECES);
  }

  /** Records the pieces and read point 1, in the caller's transaction. */
  static void record(Connection pilot, String schema, List<Piece> pieces) throws SQLException {
    PostgresCopyJdbc.execute(pilot, "CREATE TABLE " + name(schema, PIECES) + " (piece integer PRIMARY KEY,"
        + " table_name text NOT NULL, after_key text[], up_to_key text[])");
    PostgresCopyJdbc.execute(pilot, "CREATE TABLE " + name(schema, READ_POINT) + " (only_row boolean PRIMARY KEY"
        + " DEFAULT true CHECK (only_row), generation integer NOT NULL, snapshot_id text, capture_position text)");
    PostgresCopyJdbc.execute(pilot, "INSERT INTO " + name(schema, READ_POINT) + " (generation) VALUES (1)");
    try (PreparedStatement s = pilot.prepareStatement("INSERT INTO " + name(schema, PIECES)
        + " (piece, table_name, after_key, up_to_key) VALUES (?, ?, ?, ?)")) {
      for (Piece piece : pieces) {
        s.setInt(1, piece.number());
        s.setString(2, piece.table());
        s.setArray(3, array(pilot, piece.range().after()));
        s.setArray(4, array(pilot, piece.range().upTo()));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  static List<Piece> all(Connection pilot, String schema) throws SQLException {
    List<Piece> pieces = new ArrayList<>();
    try (PreparedStatement s = pilot.prepareStatement("SELECT piece, table_name, after_key, up_to_key FROM "
        + name(schema, PIECES) + " ORDER BY piece"); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        pieces.add(new Piece(rs.getInt(1), rs.getString(2), new KeyRange(list(rs.getArray(3)), list(rs.getArray(4)))));
      }
    }
    return pieces;
  }

  static Piece piece(Connection pilot, String schema, int number) throws SQLException {
    return all(pilot, schema).stream().filter(p -> p.number() == number).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the pilot records no import piece " + number));
  }

  /**
   * The holder's snapshot for read point {@code generation}, null while the holder has not opened it.
   *
   * @throws ApplicationFailure ReadPointLost when the import has moved on to another read point
   */
  static String snapshotOf(Connection pilot, String schema, int generation, boolean lockShared) throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement("SELECT generation, snapshot_id FROM " + name(schema, READ_POINT)
        + (lockShared ? " FOR SHARE" : "")); ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw lost(generation, "the pilot records no read point");
      }
      if (rs.getInt(1) != generation) {
        throw lost(generation, "the import is at read point " + rs.getInt(1) + " now");
      }
      return rs.getString(2);
    }
  }

  /** Whether the import still reads at {@code generation}: not finished (records dropped), not moved on. */
  static boolean stillAt(Connection pilot, String schema, int generation) throws SQLException {
    if (!PostgresCatalog.tableExists(pilot, schema, READ_POINT)) {
      return false;
    }
    try (PreparedStatement s = pilot.prepareStatement("SELECT generation FROM " + name(schema, READ_POINT));
        ResultSet rs = s.executeQuery()) {
      return rs.next() && rs.getInt(1) == generation;
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        return false; // the finish dropped the record between the two statements
      }
      throw e;
    }
  }

  /**
   * The holder publishes its snapshot, and where production's change capture stands at it (null
   * without capture); false when the import has moved on to another read point.
   */
  static boolean publish(Connection pilot, String schema, int generation, String snapshotId, String capturePosition)
      throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement("UPDATE " + name(schema, READ_POINT)
        + " SET snapshot_id = ?, capture_position = ? WHERE generation = ?")) {
      s.setString(1, snapshotId);
      s.setString(2, capturePosition);
      s.setInt(3, generation);
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Where production's change capture stood at read point {@code generation} (null without capture),
   * as its holder recorded it: what the finish needs of the read point, so it does not need the holder.
   *
   * @throws ApplicationFailure ReadPointLost when the import is at another read point, or its holder
   *     never opened this one
   */
  static String capturePosition(Connection pilot, String schema, int generation) throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement("SELECT generation, snapshot_id, capture_position FROM "
        + name(schema, READ_POINT)); ResultSet rs = s.executeQuery()) {
      if (!rs.next() || rs.getInt(1) != generation || rs.getString(2) == null) {
        throw lost(generation, "the pilot does not record it as opened");
      }
      return rs.getString(3);
    }
  }

  /**
   * Retires every earlier read point for {@code generation}, in the caller's transaction: waits for
   * the chunks in flight (their FOR SHARE), then no chunk of an earlier one commits. Idempotent.
   *
   * @return whether the import was at an earlier read point (false: already moved on)
   */
  static boolean moveTo(Connection pilot, String schema, int generation) throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement("UPDATE " + name(schema, READ_POINT)
        + " SET generation = ?, snapshot_id = NULL, capture_position = NULL WHERE generation < ?")) {
      s.setInt(1, generation);
      s.setInt(2, generation);
      return s.executeUpdate() == 1;
    }
  }

  static void forget(Connection pilot, String schema) throws SQLException {
    PostgresCopyJdbc.execute(pilot, "DROP TABLE IF EXISTS " + name(schema, PIECES) + ", " + name(schema, READ_POINT));
  }

  static ApplicationFailure lost(int generation, String why) {
    return ApplicationFailure.newNonRetryableFailure("read point " + generation + " of the import is gone: " + why,
        ImportPieceActivities.READ_POINT_LOST);
  }

  private static Array array(Connection c, List<String> values) throws SQLException {
    return values == null ? null : c.createArrayOf("text", values.toArray());
  }

  private static List<String> list(Array array) throws SQLException {
    return array == null ? null : Arrays.asList((String[]) array.getArray());
  }
}
