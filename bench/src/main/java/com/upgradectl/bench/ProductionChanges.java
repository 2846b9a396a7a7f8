package com.upgradectl.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Changes a share of production's data records as its application would between two refreshes:
 * updates, inserts and deletes on every data-record table, in the tables' own proportions (10%
 * computers, 50% tickets, 40% comments). The rows touched are spread evenly over each table's whole
 * key range, so a refresh by key cannot profit from them sitting on a few pages. Each round touches
 * other rows than the rounds before it.
 */
final class ProductionChanges {
  private static final double UPDATES = 0.70;
  private static final double INSERTS = 0.15;

  private final BenchProduction production;
  private final Map<String, Long> rowsByOperation = new LinkedHashMap<>();

  private ProductionChanges(BenchProduction production) {
    this.production = production;
  }

  /**
   * @param percent share of the data records to change (updated, inserted or deleted), e.g. 1 for 1%
   * @param round 0, 1, ...: which rows, so that two rounds do not change the same ones
   * @return rows written per table and operation, cascaded deletes included
   */
  static Map<String, Long> apply(BenchProduction production, double percent, int round) throws SQLException {
    long dataRows = production.rowsOf("computers") + production.rowsOf("tickets") + production.rowsOf("comments");
    long total = Math.max(1, Math.round(dataRows * percent / 100));
    ProductionChanges changes = new ProductionChanges(production);
    try (Connection c = production.connect()) {
      changes.computers(c, total / 10, round);
      changes.tickets(c, total / 2, round);
      changes.comments(c, total - total / 10 - total / 2, round);
    }
    return changes.rowsByOperation;
  }

  static long total(Map<String, Long> rowsByOperation) {
    return rowsByOperation.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Computers are never deleted: every generated one is some ticket's computer. */
  private void computers(Connection c, long changes, int round) throws SQLException {
    long inserts = Math.round(changes * (1 - UPDATES));
    long rows = production.rowsOf("computers");
    record("computers updated", update(c, """
        UPDATE computers SET retired = NOT retired, purchase_price = coalesce(purchase_price, 0) + 1
        WHERE id IN (%s)""", rows, changes - inserts, round));
    record("computers inserted", insert(c, """
        INSERT INTO computers (hostname, serial_number, specs)
        SELECT 'BENCH-' || ?::integer || '-' || g, upper(substr(md5('bench' || g), 1, 12)), jsonb_build_object('bench', g)
        FROM generate_series(1, ?::integer) AS g""", round, inserts));
  }

  /** Deleting a ticket deletes its comments too (ON DELETE CASCADE): those are counted apart. */
  private void tickets(Connection c, long changes, int round) throws SQLException {
    long inserts = Math.round(changes * INSERTS);
    long deletes = Math.round(changes * (1 - UPDATES - INSERTS));
    long rows = production.rowsOf("tickets");
    record("tickets updated", update(c, """
        UPDATE tickets SET status = 'closed', closed_at = now(), resolution = 'Closed before the switch',
                           time_spent_minutes = coalesce(time_spent_minutes, 0) + 5
        WHERE id IN (%s)""", rows, changes - inserts - deletes, round));
    record("tickets inserted", insert(c, """
        INSERT INTO tickets (title, description, status, category_id, priority_id, requester_email, created_at)
        SELECT 'Written before the switch #' || ?::integer || '-' || g, E'Bench change\\nsecond line', 'open',
               1 + g % 12, 1 + g % 4, 'bench' || g || '@example.org', now()
        FROM generate_series(1, ?::integer) AS g""", round, inserts));
    record("comments deleted with their ticket", count(c, "SELECT count(*) FROM comments WHERE ticket_id IN (%s)",
        rows, deletes, round + 1));
    record("tickets deleted", update(c, "DELETE FROM tickets WHERE id IN (%s)", rows, deletes, round + 1));
  }

  /** Only replies are deleted (no comment refers to a reply), so the count is exact. */
  private void comments(Connection c, long changes, int round) throws SQLException {
    long inserts = Math.round(changes * INSERTS);
    long deletes = Math.round(changes * (1 - UPDATES - INSERTS));
    long rows = production.rowsOf("comments");
    long tickets = production.rowsOf("tickets");
    record("comments updated", update(c, """
        UPDATE comments SET body = body || ' (edited)', internal = NOT internal WHERE id IN (%s)""",
        rows, changes - inserts - deletes, round + 2));
    // only tickets that still exist: earlier rounds deleted some
    record("comments inserted", insert(c, """
        INSERT INTO comments (ticket_id, author, body, created_at)
        SELECT t.id, 'bench@example.org', 'Written before the switch #' || ?::integer || '-' || g, now()
        FROM generate_series(1, ?::integer) AS g JOIN tickets t ON t.id = 1 + (g * 7919) %% %d""".formatted(tickets),
        round, inserts));
    // the generator makes every even id a reply (to the id before it)
    record("comments deleted", update(c, "DELETE FROM comments WHERE parent_id IS NOT NULL AND id IN"
        + " (SELECT 2 * id FROM (%s) AS spread (id))", rows / 2, deletes, round + 3));
  }

  private void record(String what, long rows) {
    rowsByOperation.put(what, rows);
    System.out.printf("    %-36s %,10d rows%n", what, rows);
  }

  /** {@code sql} with {@code %s} replaced by {@code count} ids spread evenly over 1..{@code rows}. */
  private static long update(Connection c, String sql, long rows, long count, int round) throws SQLException {
    if (count <= 0) {
      return 0;
    }
    try (PreparedStatement s = c.prepareStatement(sql.formatted(SpreadIds.SQL))) {
      SpreadIds.bind(s, rows, count, round);
      return s.executeLargeUpdate();
    }
  }

  private static long count(Connection c, String sql, long rows, long count, int round) throws SQLException {
    if (count <= 0) {
      return 0;
    }
    try (PreparedStatement s = c.prepareStatement(sql.formatted(SpreadIds.SQL))) {
      SpreadIds.bind(s, rows, count, round);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static long insert(Connection c, String sql, int round, long count) throws SQLException {
    if (count <= 0) {
      return 0;
    }
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, round);
      s.setLong(2, count);
      return s.executeLargeUpdate();
    }
  }

  /**
   * {@code count} ids from 1..{@code rows} at an even stride; the round moves the first one, so rounds
   * (and operations given different rounds) touch different rows as long as the stride allows.
   */
  private static final class SpreadIds {
    static final String SQL = "SELECT ?::bigint + g * ?::bigint FROM generate_series(0, ?::bigint - 1) AS g";

    static void bind(PreparedStatement s, long rows, long count, int round) throws SQLException {
      long stride = Math.max(1, rows / count);
      s.setLong(1, 1 + (round * 7919L) % stride);
      s.setLong(2, stride);
      s.setLong(3, Math.min(count, rows));
    }
  }
}
