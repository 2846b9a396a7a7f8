package com.upgradectl.activities.platform.sqlserver.live;

import java.util.List;
import java.util.Map;

/**
 * Each data-record table of version 2, and the same rows computed by hand from version 1 (what the
 * package's mappings should give), in T-SQL. Column order and row order match on both sides.
 */
final class SqlServerMappedRows {
  record Queries(String production, String version2) {}

  static final List<String> TABLES = List.of("computers", "tickets", "ticket_details", "comments");

  static final Map<String, Queries> DATA_TABLES = Map.of(
      "computers", new Queries(
          "SELECT id, hostname, serial_number, purchased_on, purchase_price, asset_tag_photo, specs,"
              + " CASE WHEN retired = 1 THEN N'retired' ELSE N'in_use' END FROM computers ORDER BY id",
          "SELECT id, hostname, serial_number, purchased_on, purchase_price, asset_tag_photo, specs, lifecycle"
              + " FROM computers ORDER BY id"),
      "tickets", new Queries(
          "SELECT id, title, status, category_id, priority_id, computer_id, assignee_id, requester_email,"
              + " time_spent_minutes, escalated, created_at, closed_at FROM tickets ORDER BY id",
          "SELECT id, summary, status, category_id, priority_id, computer_id, assignee_id, requester_email,"
              + " time_spent_minutes, escalated, created_at, closed_at FROM tickets ORDER BY id"),
      "ticket_details", new Queries(
          "SELECT id, description, resolution FROM tickets WHERE description IS NOT NULL OR resolution IS NOT NULL"
              + " ORDER BY id",
          "SELECT ticket_id, description, resolution FROM ticket_details ORDER BY ticket_id"),
      "comments", new Queries(
          "SELECT id, ticket_id, parent_id, author, body, internal, created_at FROM comments ORDER BY id",
          "SELECT id, ticket_id, parent_id, author, body, internal, created_at FROM comments ORDER BY id"));

  /** Production keeps working between refreshes: new tickets and comments, edits, a deletion. */
  static final List<String> PRODUCTION_CHANGES = List.of(
      "INSERT INTO tickets (title, description, status, category_id, priority_id, escalated, created_at)"
          + " VALUES (N'Added after the import: ''quoted'' ✓', NULL, N'open', 3, 2, 0, SYSUTCDATETIME()),"
          + " (N'Another one', N'', N'waiting', 5, 1, 1, SYSUTCDATETIME())",
      "INSERT INTO comments (ticket_id, parent_id, author, body, internal, created_at)"
          + " SELECT MAX(id), NULL, N'agent3', CONCAT(N'first line', NCHAR(10), N'second'), 0, SYSUTCDATETIME() FROM tickets",
      "UPDATE tickets SET status = N'closed', closed_at = SYSUTCDATETIME(), resolution = N'Closed by the workload'"
          + " WHERE id IN (2, 6, 10)",
      "UPDATE computers SET retired = 1, purchase_price = NULL WHERE id = 4",
      "DELETE FROM comments WHERE parent_id = 8",
      "DELETE FROM comments WHERE id = 8");

  private SqlServerMappedRows() {}
}
