package com.upgradectl.activities.platform.postgres;

import static com.upgradectl.activities.platform.postgres.PostgresCopySql.name;

import com.upgradectl.activities.copy.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pilot's own triggers during an import: production's rows are copied as they are, so a trigger
 * of the new version (an audit trail, a counter, a row stamped "modified now") must not fire for
 * them. Each enabled user trigger is recorded in the pilot, then disabled (the pilot's tables are
 * ours, no superuser needed, unlike session_replication_role); an import that crashes finds the
 * record and the next attempt enables exactly those, never a trigger the package itself left
 * disabled.
 */
final class PostgresLoadTriggers {
  static final String PENDING_TRIGGERS = "upgradectl_pending_triggers";
  private static final Logger log = LoggerFactory.getLogger(PostgresLoadTriggers.class);

  private PostgresLoadTriggers() {}

  /** Records and disables the tables' enabled user triggers; in the caller's transaction. */
  static int quiet(Connection pilot, String schema, List<TableInfo> tables) throws SQLException {
    PostgresCopyJdbc.execute(pilot, "CREATE TABLE IF NOT EXISTS " + name(schema, PENDING_TRIGGERS)
        + " (table_schema text NOT NULL, table_name text NOT NULL, trigger_name text NOT NULL,"
        + " PRIMARY KEY (table_schema, table_name, trigger_name))");
    List<String[]> enabled = new ArrayList<>();
    try (PreparedStatement find = pilot.prepareStatement("SELECT t.tgname FROM pg_trigger t"
        + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND n.nspname = ? AND c.relname = ? ORDER BY t.tgname")) {
      for (TableInfo table : tables) {
        find.setString(1, table.schema());
        find.setString(2, table.name());
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) {
            enabled.add(new String[] {table.schema(), table.name(), rs.getString(1)});
          }
        }
      }
    }
    try (PreparedStatement record = pilot.prepareStatement("INSERT INTO " + name(schema, PENDING_TRIGGERS)
        + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (String[] trigger : enabled) {
        record.setString(1, trigger[0]);
        record.setString(2, trigger[1]);
        record.setString(3, trigger[2]);
        record.executeUpdate();
        PostgresCopyJdbc.execute(pilot, "ALTER TABLE " + name(trigger[0], trigger[1]) + " DISABLE TRIGGER "
            + name(trigger[2]));
      }
    }
    return enabled.size();
  }

  /** Enables every recorded trigger again and forgets the record; nothing when there is none. */
  static void wake(Connection pilot, String schema) throws SQLException {
    if (!PostgresCatalog.tableExists(pilot, schema, PENDING_TRIGGERS)) {
      return;
    }
    List<String[]> recorded = new ArrayList<>();
    try (PreparedStatement s = pilot.prepareStatement("SELECT table_schema, table_name, trigger_name FROM "
        + name(schema, PENDING_TRIGGERS) + " ORDER BY 1, 2, 3"); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        recorded.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    boolean autoCommit = pilot.getAutoCommit();
    pilot.setAutoCommit(false);
    try {
      for (String[] trigger : recorded) {
        PostgresCopyJdbc.execute(pilot, "ALTER TABLE " + name(trigger[0], trigger[1]) + " ENABLE TRIGGER "
            + name(trigger[2]));
      }
      PostgresCopyJdbc.execute(pilot, "DROP TABLE " + name(schema, PENDING_TRIGGERS));
      pilot.commit();
    } catch (SQLException | RuntimeException e) {
      pilot.rollback();
      throw e;
    } finally {
      pilot.setAutoCommit(autoCommit);
    }
    log.info("{} trigger(s) of the pilot enabled again after the load", recorded.size());
  }
}
