package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.platform.sqlserver.SqlServerCopyCatalog.TableObject;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The pilot's nonclustered indexes during an import: disabled before the load, so the bulk copy
 * writes each row once (into the table's heap or clustered index) instead of once per index, and
 * rebuilt after it, each in one sort of the loaded rows. Which ones, and why the others stay, is
 * {@link SqlServerCopyStatements#loadIndexes}. {@link SqlServerCopyConstraints} records them in the
 * pilot with the constraints and triggers, before disabling anything.
 */
final class SqlServerLoadIndexes {
  static final String INDEX = "index";
  /** CREATE UNIQUE INDEX (and so a unique index's REBUILD) found a duplicate key. */
  private static final int DUPLICATE_KEY = 1505;

  private SqlServerLoadIndexes() {}

  static void disable(Connection pilot, List<TableObject> indexes) throws SQLException {
    for (TableObject i : indexes) {
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.disableIndex(i.schema(), i.table(), i.name()));
    }
  }

  /**
   * Rebuilds the index if it is still disabled, within the caller's transaction. One found enabled
   * (rebuilt by hand, or by an attempt whose record outlived it) or gone is done as it is.
   *
   * @return whether it was rebuilt
   * @throws ApplicationFailure VerificationFailed when the loaded rows break a unique index
   */
  static boolean rebuildIfDisabled(Connection pilot, TableObject index) throws SQLException {
    try (PreparedStatement s = pilot.prepareStatement(SqlServerCopyStatements.indexDisabled())) {
      s.setString(1, index.schema());
      s.setString(2, index.table());
      s.setString(3, index.name());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return false;
        }
      }
    }
    try {
      SqlServerCopyJdbc.execute(pilot, SqlServerCopyStatements.rebuildIndex(index.schema(), index.table(), index.name()));
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() == DUPLICATE_KEY) {
        throw ApplicationFailure.newNonRetryableFailureWithCause("the imported rows of pilot table " + index.table()
            + " break its unique index " + index.name() + ": " + e.getMessage().strip() + " — the index stays recorded in "
            + SqlServerCopyStatements.PENDING_TABLE + " and disabled", FailureTypes.VERIFICATION, e);
      }
      throw e;
    }
  }
}
