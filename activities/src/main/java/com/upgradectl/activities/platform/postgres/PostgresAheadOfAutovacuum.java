package com.upgradectl.activities.platform.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the table locks a short DDL needs before it runs, so that it does not queue behind
 * autovacuum. A statement waiting behind an autovacuum pass waits the server's deadlock_timeout (a
 * second by default) before the pass yields, and on a busy database the next pass, on the next
 * table, has started by then: seconds, with production frozen at the switch. Once held, the locks
 * keep new passes off (autovacuum skips a table it cannot lock at once).
 */
final class PostgresAheadOfAutovacuum {
  private static final Logger log = LoggerFactory.getLogger(PostgresAheadOfAutovacuum.class);
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final int ATTEMPTS = 50;

  private PostgresAheadOfAutovacuum() {}

  /**
   * Locks the tables, inside the caller's transaction: each attempt cancels the database's autovacuum
   * passes and waits briefly for the locks. Without the right to cancel a pass (a superuser, or
   * pg_signal_autovacuum_worker from PostgreSQL 18) it waits as any statement would.
   *
   * @param tables qualified names
   * @param mode the lock mode, e.g. "SHARE ROW EXCLUSIVE"
   */
  static void lock(Connection c, List<String> tables, String mode) throws SQLException {
    if (tables.isEmpty()) {
      return;
    }
    String lock = "LOCK TABLE " + String.join(", ", tables) + " IN " + mode + " MODE";
    int cancelled = 0;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int now = cancelPasses(c);
      if (now < 0) {
        PostgresCopyJdbc.execute(c, lock);
        return;
      }
      cancelled += now;
      Savepoint before = c.setSavepoint();
      try {
        PostgresCopyJdbc.execute(c, "SET LOCAL lock_timeout = '200ms'");
        PostgresCopyJdbc.execute(c, lock);
        PostgresCopyJdbc.execute(c, "SET LOCAL lock_timeout = DEFAULT");
        c.releaseSavepoint(before);
        if (cancelled > 0) {
          log.info("cancelled {} autovacuum pass(es) to lock {} table(s) at once", cancelled, tables.size());
        }
        return;
      } catch (SQLException e) {
        c.rollback(before);
        if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw e;
        }
      }
    }
    log.info("{} table(s) still locked by others after {} attempts; waiting for them", tables.size(), ATTEMPTS);
    PostgresCopyJdbc.execute(c, lock);
  }

  /** @return the passes cancelled, or -1 when this role may not cancel them */
  private static int cancelPasses(Connection c) throws SQLException {
    Savepoint before = c.setSavepoint();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_cancel_backend(pid)) FROM pg_stat_activity"
            + " WHERE backend_type = 'autovacuum worker' AND datname = current_database()")) {
      rs.next();
      int count = rs.getInt(1);
      c.releaseSavepoint(before);
      return count;
    } catch (SQLException e) {
      c.rollback(before);
      log.info("autovacuum passes cannot be cancelled ({}): the locks are waited for", e.getMessage().strip());
      return -1;
    }
  }

  /** The qualified names of the tables in the schemas. */
  static List<String> tablesIn(Connection c, List<String> schemas) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (var s = c.prepareStatement("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n"
        + " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(?) ORDER BY 1, 2")) {
      s.setArray(1, c.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          tables.add(PostgresCopySql.name(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return tables;
  }
}
