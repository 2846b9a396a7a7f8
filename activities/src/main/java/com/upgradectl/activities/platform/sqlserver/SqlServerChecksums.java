package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.copy.TableSum;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.Query;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs the chunked checksum statements of {@link SqlServerCopyStatements#checksum} and folds their
 * chunks, in order, into a table's checksum: SHA-256 over each chunk's row count and hash.
 */
final class SqlServerChecksums {
  private SqlServerChecksums() {}

  static TableSum sum(Connection c, Query checksum) throws SQLException {
    Fold fold = new Fold();
    try (PreparedStatement s = SqlServerCopyJdbc.prepare(c, checksum); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        fold.add(rs.getLong(2), rs.getBytes(3));
      }
    }
    return fold.result();
  }

  static TableSum sum(Connection c, String checksum) throws SQLException {
    return sum(c, Query.of(checksum));
  }

  /** A table's given columns (name and type), wherever it lives now (e.g. the pilot after it became production). */
  static TableSum sumOfColumns(Connection c, String schema, String table, List<String[]> columns, List<String> key)
      throws SQLException {
    return sum(c, SqlServerCopyStatements.checksum(SqlServerCopyStatements.name(schema, table), columns, key));
  }

  /** The chunks of one table, in chunk order. */
  static final class Fold {
    private final MessageDigest digest;
    private long rows;

    Fold() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void add(long chunkRows, byte[] chunkHash) {
      digest.update(ByteBuffer.allocate(Long.BYTES).putLong(chunkRows).array());
      digest.update(chunkHash);
      rows += chunkRows;
    }

    TableSum result() {
      return new TableSum(rows, HexFormat.of().formatHex(digest.digest()));
    }
  }
}
