package com.upgradectl.activities.production;

import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.sqlserver.SqlServerServer;
import com.upgradectl.workflows.production.DatabaseAttributes;
import com.upgradectl.workflows.production.ProductionPlan;
import java.util.List;

/**
 * How a platform keeps production as it was before the in-place migrations, and puts it back. On
 * PostgreSQL the safety copy is a database (a template copy, renamed into production's place on a
 * restore); on SQL Server it is a copy-only backup file, restored over production WITH REPLACE, as
 * a DBA does it there.
 */
public interface SafetyCopies {

  /** The safety copy, as the status names it: the database's name or "backup file /path". */
  String describe(ProductionPlan plan);

  /**
   * Where a failed production is kept if production is restored over it, as the status names it;
   * null when it is renamed aside to {@code failedDatabase} instead.
   */
  String describeFailed(ProductionPlan plan, String failedDatabase);

  /** What stops the safety copy from being made, found before anything is changed. */
  List<String> preconditions(ProductionPlan plan);

  /** What the operator should know about making and restoring it. */
  List<String> warnings(ProductionPlan plan);

  void create(ProductionPlan plan);

  /** Removes the safety copy after a verified upgrade; idempotent. */
  void drop(ProductionPlan plan);

  /**
   * Puts production back as it was; it stays blocked (the workflow unblocks it with production's
   * own settings) and gets {@code attributes} again.
   */
  void restore(ProductionPlan plan, String failedDatabase, DatabaseAttributes attributes);

  static SafetyCopies of(DatabaseServer server) {
    return server instanceof SqlServerServer sqlServer ? new BackupFileSafetyCopies(sqlServer)
        : new DatabaseSafetyCopies(server);
  }
}
