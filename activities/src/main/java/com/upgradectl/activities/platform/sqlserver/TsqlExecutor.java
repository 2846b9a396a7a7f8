package com.upgradectl.activities.platform.sqlserver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Sends built statements. The seam between what the SQL Server server class decides (which
 * statements, in which order) and JDBC, so that the order can be checked by a recording executor
 * without a server.
 */
interface TsqlExecutor {

  void execute(Connection connection, Tsql statement) throws SQLException;

  /** Every row, each as its column values in order (JDBC's getObject). */
  List<List<Object>> query(Connection connection, Tsql statement) throws SQLException;
}
