package com.upgradectl.activities.platform.sqlserver;

import com.upgradectl.activities.platform.sqlserver.SqlServerSnapshotReadPoint.DataFile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Whether the server can make a database snapshot of production, and why (the reason is reported
 * with the read point the copy used).
 *
 * <p>Database snapshots came with Enterprise (and Developer, Evaluation: engine edition 3); SQL
 * Server 2016 SP1 (13.0.4001) opened them to Standard, Web and Express (engine editions 2 and 4).
 * Azure SQL Database (5) and Managed Instance (8) have none. A database with FILESTREAM or
 * memory-optimized filegroups cannot be read through one either.
 *
 * @param files production's data files, one entry per file of the snapshot
 */
record SqlServerSnapshotSupport(boolean possible, String reason, List<DataFile> files) {
  /** SQL Server 2016 SP1. */
  static final int[] FIRST_VERSION_FOR_ALL_EDITIONS = {13, 0, 4001};

  static SqlServerSnapshotSupport of(Connection c, String database) throws SQLException {
    int engineEdition;
    String version;
    String edition;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SqlServerCopyStatements.serverFacts())) {
      rs.next();
      engineEdition = rs.getInt(1);
      version = rs.getString(2);
      edition = rs.getString(3);
    }
    String byEdition = editionRefusal(engineEdition, version);
    if (byEdition != null) {
      return new SqlServerSnapshotSupport(false, edition + " " + version + ": " + byEdition, List.of());
    }
    List<DataFile> files = SqlServerSnapshotReadPoint.dataFiles(c, database);
    if (files == null) {
      return new SqlServerSnapshotSupport(false,
          "production has FILESTREAM or memory-optimized files, which a database snapshot cannot hold", List.of());
    }
    if (files.isEmpty()) {
      return new SqlServerSnapshotSupport(false, "no data file of production is visible in sys.master_files", List.of());
    }
    return new SqlServerSnapshotSupport(true, edition + " " + version + " makes database snapshots", files);
  }

  /** Why this edition and version make no database snapshot; null when they do. */
  static String editionRefusal(int engineEdition, String productVersion) {
    return switch (engineEdition) {
      case 3 -> null;
      case 2, 4 -> atLeast(productVersion, FIRST_VERSION_FOR_ALL_EDITIONS) ? null
          : "database snapshots need Enterprise or Developer edition before SQL Server 2016 SP1";
      case 5 -> "Azure SQL Database has no database snapshots";
      case 8 -> "Azure SQL Managed Instance has no database snapshots";
      default -> "engine edition " + engineEdition + " is not known to make database snapshots";
    };
  }

  static boolean atLeast(String productVersion, int[] wanted) {
    String[] parts = productVersion == null ? new String[0] : productVersion.split("\\.");
    for (int i = 0; i < wanted.length; i++) {
      int part;
      try {
        part = i < parts.length ? Integer.parseInt(parts[i].strip()) : 0;
      } catch (NumberFormatException e) {
        return false;
      }
      if (part != wanted[i]) {
        return part > wanted[i];
      }
    }
    return true;
  }
}
