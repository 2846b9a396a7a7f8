package com.upgradectl.examples;

import java.util.List;
import java.util.Map;

/**
 * The sample's data-record tables as version 2 holds them, written here independently of the
 * copier: for each table, a query over version-1 production that applies the package's mapping by
 * hand, and a query over version 2 giving the same columns in the same order. Equal results mean
 * the rows arrived exactly as the package maps them.
 */
public final class SampleMappedRows {
  public record Queries(String production, String version2) {}

  public static final Map<String, Queries> DATA_TABLES = Map.of(
      // title renamed to summary; impact is new and takes its default
      "tickets", new Queries(
          "SELECT id, title, status, category_id, priority_id, computer_id, assignee_id, requester_email,"
              + " time_spent_minutes, escalated, created_at, closed_at, 'medium' FROM tickets ORDER BY id",
          "SELECT id, summary, status, category_id, priority_id, computer_id, assignee_id, requester_email,"
              + " time_spent_minutes, escalated, created_at, closed_at, impact FROM tickets ORDER BY id"),
      // split out of tickets: one row per ticket with a long text
      "ticket_details", new Queries(
          "SELECT id, description, resolution FROM tickets"
              + " WHERE description IS NOT NULL OR resolution IS NOT NULL ORDER BY id",
          "SELECT ticket_id, description, resolution FROM ticket_details ORDER BY ticket_id"),
      // retired becomes the lifecycle text
      "computers", new Queries(
          "SELECT id, hostname, serial_number, purchased_on, purchase_price, asset_tag_photo, specs,"
              + " CASE WHEN retired THEN 'retired' ELSE 'in_use' END FROM computers ORDER BY id",
          "SELECT id, hostname, serial_number, purchased_on, purchase_price, asset_tag_photo, specs, lifecycle"
              + " FROM computers ORDER BY id"),
      "comments", new Queries(
          "SELECT id, ticket_id, parent_id, author, body, internal, created_at FROM comments ORDER BY id",
          "SELECT id, ticket_id, parent_id, author, body, internal, created_at FROM comments ORDER BY id"));

  public static final List<String> TABLES = List.of("tickets", "ticket_details", "computers", "comments");

  private SampleMappedRows() {}
}
