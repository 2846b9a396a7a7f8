package com.upgradectl.activities.platform.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerConnection;
import com.upgradectl.activities.platform.sqlserver.SqlServerCopyStatements.SnapshotFile;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consistent read point of production for a whole copy.
 *
 * <p>Production frozen READ_ONLY (the switch's final re-import) needs none: nobody can write, and
 * every lane reads production itself.
 *
 * <p>Otherwise, preferred: a database snapshot, created for the copy and dropped after it. Every reader is a
 * plain connection to production reading the snapshot by three-part names, so parallel lanes all
 * see the same moment, and production's sessions are not slowed by row versions.
 *
 * <p>Where the server cannot make one (see {@link SqlServerSnapshotSupport}), SNAPSHOT isolation:
 * one transaction reads everything, so the copy reads with ONE lane whatever the parallelism asked.
 * That needs ALLOW_SNAPSHOT_ISOLATION on production; when it is off, it is turned on only with the
 * operator's consent (and left on: every refresh needs it again). Without consent the copy is
 * refused before anything changed, naming the choice.
 */
final class SqlServerSnapshotReadPoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqlServerSnapshotReadPoint.class);

  private final DataSource production;
  private final String snapshot;
  private final Connection sharedReader;
  private final String description;

  private SqlServerSnapshotReadPoint(DataSource production, String snapshot, Connection sharedReader, String description) {
    this.production = production;
    this.snapshot = snapshot;
    this.sharedReader = sharedReader;
    this.description = description;
  }

  /**
   * @param database production's name
   * @param snapshotIsolationConsent whether ALLOW_SNAPSHOT_ISOLATION may be turned on when no
   *     database snapshot can be made
   */
  static SqlServerSnapshotReadPoint open(DataSource production, String database, boolean snapshotIsolationConsent)
      throws SQLException {
    try (Connection c = production.getConnection()) {
      c.setAutoCommit(true);
      if (readOnly(c, database)) {
        // Frozen for the switch: nobody writes, so production itself is one moment for every reader.
        String description = "production itself, READ_ONLY (frozen): no snapshot needed";
        log.info("reading production at {}", description);
        return new SqlServerSnapshotReadPoint(production, null, null, description);
      }
      SqlServerSnapshotSupport support = SqlServerSnapshotSupport.of(c, database);
      if (support.possible()) {
        String snapshot = SqlServerSnapshotNames.snapshotOf(database);
        dropLeftover(c, snapshot, database);
        List<SnapshotFile> files = support.files().stream()
            .map(f -> new SnapshotFile(f.logicalName(), SqlServerSnapshotNames.sparseFile(f.physicalName(), snapshot, f.logicalName())))
            .toList();
        execute(c, SqlServerCopyStatements.createSnapshot(snapshot, database, files));
        String description = "database snapshot " + snapshot + " of " + database + " (" + support.reason() + ")";
        log.info("reading production at {}", description);
        return new SqlServerSnapshotReadPoint(production, snapshot, null, description);
      }
      int state = snapshotIsolationState(c, database);
      String change = "";
      if (state != 1) {
        if (!snapshotIsolationConsent) {
          throw ApplicationFailure.newNonRetryableFailure("no consistent read point of production database " + database
              + " without a change to it: " + support.reason() + ", and ALLOW_SNAPSHOT_ISOLATION is off. Either"
              + " turn it on yourself (ALTER DATABASE ... SET ALLOW_SNAPSHOT_ISOLATION ON; it keeps row versions in"
              + " tempdb while a copy reads), or give the worker consent to do it (copy setting"
              + " snapshotIsolationConsent). Nothing was changed.", FailureTypes.PRECONDITION);
        }
        execute(c, SqlServerCopyStatements.allowSnapshotIsolation(database));
        change = "; ALLOW_SNAPSHOT_ISOLATION turned ON with the operator's consent and left on";
        log.warn("turned ALLOW_SNAPSHOT_ISOLATION on in production database {} (operator's consent)", database);
      }
      String description = "SNAPSHOT isolation, one reader transaction for every table (" + support.reason() + change + ")";
      log.info("reading production at {}", description);
      return new SqlServerSnapshotReadPoint(production, null, beginSnapshotTransaction(production), description);
    }
  }

  /** What the read point is, for the copy's result and log. */
  String description() {
    return description;
  }

  /** The database snapshot readers name in their statements; null when they read production itself. */
  String snapshotDatabase() {
    return snapshot;
  }

  /** How many lanes may read at once: one transaction cannot be shared by parallel readers. */
  int lanes(int requested) {
    return sharedReader == null ? requested : 1;
  }

  /** A connection that reads production at the read point; close it with {@link #release}. */
  Connection reader() throws SQLException {
    if (sharedReader != null) {
      return sharedReader;
    }
    Connection reader = production.getConnection();
    reader.setAutoCommit(true);
    return reader;
  }

  void release(Connection reader) throws SQLException {
    if (reader != sharedReader) {
      reader.close();
    }
  }

  @Override
  public void close() throws SQLException {
    if (sharedReader != null) {
      try {
        sharedReader.rollback();
      } finally {
        sharedReader.close();
      }
      return;
    }
    if (snapshot == null) {
      return;
    }
    try (Connection c = production.getConnection()) {
      c.setAutoCommit(true);
      execute(c, SqlServerCopyStatements.dropDatabase(snapshot));
    }
  }

  private static boolean readOnly(Connection c, String database) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.readOnly())) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("production database " + database + " is not in sys.databases", "3D000");
        }
        return rs.getBoolean(1);
      }
    }
  }

  /** A snapshot an earlier attempt left (the worker died): only one that IS a snapshot of production. */
  private static void dropLeftover(Connection c, String snapshot, String database) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.snapshotOf())) {
      s.setString(1, snapshot);
      s.setString(2, database);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return;
        }
      }
    }
    log.info("dropping database snapshot {} left by an earlier attempt", snapshot);
    execute(c, SqlServerCopyStatements.dropDatabase(snapshot));
  }

  private static int snapshotIsolationState(Connection c, String database) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.snapshotIsolationState())) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("production database " + database + " is not in sys.databases", "3D000");
        }
        return rs.getInt(1);
      }
    }
  }

  /**
   * Through the JDBC API, so that a pool knows the connection's state and resets it. The snapshot
   * starts at the transaction's first read.
   */
  private static Connection beginSnapshotTransaction(DataSource production) throws SQLException {
    Connection reader = production.getConnection();
    try {
      reader.setAutoCommit(false);
      reader.setTransactionIsolation(ISQLServerConnection.TRANSACTION_SNAPSHOT);
      reader.setReadOnly(true);
      return reader;
    } catch (SQLException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static void execute(Connection c, String statement) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** The data files of production and whether the server can snapshot it. */
  record DataFile(String logicalName, String physicalName) {}

  static List<DataFile> dataFiles(Connection c, String database) throws SQLException {
    List<DataFile> files = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SqlServerCopyStatements.databaseFiles())) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (rs.getInt(3) == 2) {
            return null;
          }
          if (rs.getInt(3) == 0) {
            files.add(new DataFile(rs.getString(1), rs.getString(2)));
          }
        }
      }
    }
    return files;
  }
}
