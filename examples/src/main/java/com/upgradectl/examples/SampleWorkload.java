package com.upgradectl.examples;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Changes the sample production (version 1) the way its users would while a pilot runs, so that
 * the demo and the tests have something to refresh, verify and report. Each method runs in one
 * transaction and returns a short description of what it did.
 */
public final class SampleWorkload {
  private SampleWorkload() {}

  /**
   * Adds {@code n} tickets and one comment on each. New tickets only use the categories the
   * generator created, never one added by {@link #changeConfiguration}: a pilot keeps its own
   * configuration, so a data record pointing at a category only production has could not be
   * imported.
   */
  public static String addDataRecords(Connection conn, int n) throws SQLException {
    if (n < 1) {
      throw new IllegalArgumentException("add at least one data record, not " + n);
    }
    int comments = SqlResources.inTransaction(conn, () -> {
      try (PreparedStatement statement = conn.prepareStatement(ADD_TICKETS_WITH_A_COMMENT)) {
        statement.setInt(1, n);
        statement.setInt(2, SampleProduction.SEEDED_CATEGORIES);
        return statement.executeUpdate();
      }
    });
    return "added " + n + " " + plural(n, "ticket") + " with " + comments + " " + plural(comments, "comment");
  }

  /** Closes the oldest open tickets, retires a few computers, deletes a few comments and the newest ticket. */
  public static String updateAndDeleteSomeRecords(Connection conn) throws SQLException {
    return SqlResources.inTransaction(conn, () -> {
      try (Statement statement = conn.createStatement()) {
        int closed = statement.executeUpdate(CLOSE_OLDEST_OPEN_TICKETS);
        int retired = statement.executeUpdate(RETIRE_SOME_COMPUTERS);
        int deletedComments = statement.executeUpdate(DELETE_NEWEST_COMMENTS);
        int deletedTickets = statement.executeUpdate(DELETE_NEWEST_TICKET);
        return "closed " + closed + " " + plural(closed, "ticket") + ", retired " + retired + " " + plural(retired, "computer")
            + ", deleted " + deletedComments + " " + plural(deletedComments, "comment") + " (with their replies) and "
            + deletedTickets + " " + plural(deletedTickets, "ticket") + " (with its comments)";
      }
    });
  }

  /** Adds a category and changes the mail signature: configuration drift the pilot does not take. */
  public static String changeConfiguration(Connection conn) throws SQLException {
    return SqlResources.inTransaction(conn, () -> {
      String code;
      try (Statement statement = conn.createStatement();
          ResultSet added = statement.executeQuery(ADD_CATEGORY)) {
        added.next();
        code = added.getString(1);
      }
      try (Statement statement = conn.createStatement()) {
        statement.executeUpdate(CHANGE_SIGNATURE);
      }
      return "added category " + code + " and changed setting mail.signature";
    });
  }

  private static String plural(int count, String noun) {
    return count == 1 ? noun : noun + "s";
  }

  private static final String ADD_TICKETS_WITH_A_COMMENT = """
      WITH new_tickets AS (
        INSERT INTO tickets (title, description, status, category_id, priority_id, requester_email, created_at)
        SELECT 'Added while the pilot runs #' || g || E' \\u2014 tab\\there',
               CASE WHEN g % 2 = 0 THEN NULL ELSE E'Added by the workload:\\nsecond line, a \\\\ backslash and ''quotes''' END,
               'open', 1 + g % seeded, 1 + g % 4, 'late' || g || '@example.org', now()
        FROM generate_series(1, ?::integer) AS g CROSS JOIN (SELECT ?::integer AS seeded) AS categories
        RETURNING id
      )
      INSERT INTO comments (ticket_id, author, body, created_at)
      SELECT id, 'workload@example.org', 'First answer to ticket ' || id || ' ✓', now()
      FROM new_tickets
      """;

  private static final String CLOSE_OLDEST_OPEN_TICKETS = """
      UPDATE tickets SET status = 'closed', closed_at = now(), resolution = 'Closed while the pilot runs ✓',
                         time_spent_minutes = coalesce(time_spent_minutes, 0) + 15
      WHERE id IN (SELECT id FROM tickets WHERE status <> 'closed' ORDER BY id
                   LIMIT (SELECT greatest(1, count(*) / 100) FROM tickets))
      """;

  private static final String RETIRE_SOME_COMPUTERS = """
      UPDATE computers SET retired = true, purchase_price = NULL
      WHERE id IN (SELECT id FROM computers WHERE NOT retired ORDER BY id
                   LIMIT (SELECT greatest(1, count(*) / 100) FROM computers))
      """;

  private static final String DELETE_NEWEST_COMMENTS = """
      DELETE FROM comments
      WHERE id IN (SELECT id FROM comments WHERE parent_id IS NULL ORDER BY id DESC
                   LIMIT (SELECT greatest(1, count(*) / 200) FROM comments))
      """;

  private static final String DELETE_NEWEST_TICKET = "DELETE FROM tickets WHERE id = (SELECT max(id) FROM tickets)";

  private static final String ADD_CATEGORY = """
      INSERT INTO categories (parent_id, code, name)
      SELECT 2, 'SW-NEW-' || next_id, 'Added in production ' || next_id
      FROM (SELECT coalesce(max(id), 0) + 1 AS next_id FROM categories) AS next
      RETURNING code
      """;

  private static final String CHANGE_SIGNATURE = """
      UPDATE settings
      SET value = E'Service desk\\n-- \\nSignature changed in production at ' || to_char(now(), 'YYYY-MM-DD HH24:MI:SS.US'),
          updated_at = now()
      WHERE name = 'mail.signature'
      """;
}
