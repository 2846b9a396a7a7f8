package com.upgradectl.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleProductionTest {
  static EmbeddedDatabases databases;
  static Connection production;
  static Map<String, Long> created;

  @BeforeAll
  static void createProduction() throws IOException, SQLException {
    databases = EmbeddedDatabases.start();
    production = databases.newDatabase("production");
    created = SampleProduction.create(production, 1000);
  }

  @AfterAll
  static void stop() throws Exception {
    production.close();
    databases.close();
  }

  @Test
  void createsTheAskedDataRecordsAndAFewDozenConfigurationRows() {
    assertThat(created).containsExactly(
        Map.entry("teams", 5L), Map.entry("agents", 20L), Map.entry("categories", 12L), Map.entry("priorities", 4L),
        Map.entry("settings", 10L), Map.entry("saved_searches", 8L),
        Map.entry("computers", 100L), Map.entry("tickets", 500L), Map.entry("comments", 400L));
  }

  @Test
  void sharesDataRowsOutWithoutLosingAnyAndNeverCommentsWithoutTickets() {
    assertThat(SampleProduction.DataRowCounts.of(1_000_000)).isEqualTo(new SampleProduction.DataRowCounts(500_000, 400_000, 100_000));
    for (long n = 0; n <= 50; n++) {
      SampleProduction.DataRowCounts counts = SampleProduction.DataRowCounts.of(n);
      assertThat(counts.total()).isEqualTo(n);
      assertThat(counts.comments() == 0 || counts.tickets() > 0).isTrue();
    }
    assertThatThrownBy(() -> SampleProduction.DataRowCounts.of(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void textsKeepTheCharactersACopyGetsWrongFirst() throws SQLException {
    List<String> descriptions = strings("SELECT DISTINCT description FROM tickets WHERE description IS NOT NULL");

    assertThat(descriptions).contains(
        "Line one\nLine two\nLine three",
        "Quotes: 'single' and \"double\"",
        "Backslashes: C:\\Users\\jdoe\\AppData and \\\\server\\share",
        "Tabs\there\tand a CRLF\r\nline end",
        "Unicode: Ünïcödé ✓ — 日本語 — emoji 😀🚀",
        "\\N",
        "",
        "NULL",
        "  leading and trailing spaces  ");
    assertThat(count("SELECT count(*) FROM tickets WHERE description IS NULL")).isEqualTo(125);
    assertThat(count("SELECT count(*) FROM tickets WHERE requester_email = ''")).isPositive();
    assertThat(count("SELECT count(*) FROM tickets WHERE requester_email IS NULL")).isPositive();
    assertThat(strings("SELECT body FROM comments WHERE id = 5")).containsExactly("\\N");
    assertThat(strings("SELECT value FROM settings WHERE name = 'export.csv_separator'")).containsExactly("\t");
  }

  @Test
  void numbersTimestampsBytesAndJsonArePresentWithTheirNulls() throws SQLException {
    assertThat(strings("SELECT purchase_price::text FROM computers WHERE id = 1")).containsExactly("437.01");
    assertThat(count("SELECT count(*) FROM computers WHERE purchase_price IS NULL")).isEqualTo(9);
    assertThat(strings("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM tickets WHERE id = 1"))
        .containsExactly("2023-01-02 08:01:01.123457");
    assertThat(strings("SELECT encode(asset_tag_photo, 'hex') FROM computers WHERE id = 1")).singleElement().asString().endsWith("005c0a0d09ff");
    assertThat(count("SELECT count(*) FROM computers WHERE asset_tag_photo IS NULL")).isEqualTo(20);
    assertThat(strings("SELECT specs->>'note' FROM computers WHERE id = 1")).containsExactly("Écran \"16:9\", clavier \\ AZERTY ✓");
    assertThat(count("SELECT count(*) FROM computers WHERE specs IS NULL")).isEqualTo(16);
    assertThat(count("SELECT count(*) FROM computers WHERE retired")).isEqualTo(7);
    assertThat(count("SELECT count(*) FROM tickets WHERE escalated")).isEqualTo(29);
  }

  @Test
  void relatedRowsReferToRowsThatExist() throws SQLException {
    assertThat(count("SELECT count(*) FROM tickets WHERE computer_id IS NOT NULL")).isPositive();
    assertThat(count("SELECT count(*) FROM comments WHERE parent_id IS NOT NULL")).isEqualTo(200);
    // a reply is always on the same ticket as the comment it answers, and comes after it
    assertThat(count("SELECT count(*) FROM comments c JOIN comments p ON p.id = c.parent_id WHERE p.ticket_id <> c.ticket_id OR p.id >= c.id"))
        .isZero();
  }

  @Test
  void theSameCountAlwaysGivesTheSameRows() throws SQLException {
    try (Connection again = databases.newDatabase("production_again")) {
      SampleProduction.create(again, 1000);

      for (String table : List.of("teams", "agents", "categories", "priorities", "settings", "saved_searches", "computers", "tickets", "comments")) {
        String checksum = "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM " + table + " t";
        assertThat(strings(again, checksum)).as(table).isEqualTo(strings(production, checksum));
      }
    }
  }

  @Test
  void newRowsGetIdsAfterTheGeneratedOnes() throws SQLException {
    try (Connection other = databases.newDatabase("production_ids")) {
      SampleProduction.create(other, 100);
      try (Statement statement = other.createStatement()) {
        statement.execute("INSERT INTO computers (hostname) VALUES ('new')");
        statement.execute("INSERT INTO priorities (name, level) VALUES ('Urgent', 5)");
      }
      assertThat(strings(other, "SELECT id::text FROM computers WHERE hostname = 'new'")).containsExactly("11");
      assertThat(strings(other, "SELECT id::text FROM priorities WHERE name = 'Urgent'")).containsExactly("5");
    }
  }

  @Test
  void refusesADatabaseThatIsNotEmptyAndLeavesItAsItWas() throws SQLException {
    assertThatThrownBy(() -> SampleProduction.create(production, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("database production already has 10 tables: the sample production is only ever created in an empty database");
    assertThat(SampleProduction.rowCounts(production)).isEqualTo(created);
  }

  @Test
  void createsAnEmptyProductionForZeroDataRows() throws SQLException {
    try (Connection empty = databases.newDatabase("production_empty")) {
      Map<String, Long> counts = SampleProduction.create(empty, 0);

      assertThat(counts).containsEntry("tickets", 0L).containsEntry("comments", 0L).containsEntry("computers", 0L).containsEntry("categories", 12L);
    }
  }

  private static long count(String sql) throws SQLException {
    return Long.parseLong(strings(sql).get(0));
  }

  private static List<String> strings(String sql) throws SQLException {
    return strings(production, sql);
  }

  static List<String> strings(Connection conn, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = conn.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
