package com.upgradectl.examples;

import static com.upgradectl.examples.SampleProductionTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SampleWorkloadTest {
  static final AtomicInteger DATABASES = new AtomicInteger();
  static EmbeddedDatabases databases;
  Connection production;

  @BeforeAll
  static void start() throws IOException {
    databases = EmbeddedDatabases.start();
  }

  @AfterAll
  static void stop() throws IOException {
    databases.close();
  }

  @BeforeEach
  void createProduction() throws SQLException {
    production = databases.newDatabase("production_" + DATABASES.incrementAndGet());
    SampleProduction.create(production, 1000);
  }

  @AfterEach
  void close() throws SQLException {
    production.close();
  }

  @Test
  void addsTicketsWithACommentEachOnSeededCategoriesOnly() throws SQLException {
    SampleWorkload.changeConfiguration(production); // a category the pilot will not have

    String done = SampleWorkload.addDataRecords(production, 30);

    assertThat(done).isEqualTo("added 30 tickets with 30 comments");
    Map<String, Long> counts = SampleProduction.rowCounts(production);
    assertThat(counts).containsEntry("tickets", 530L).containsEntry("comments", 430L);
    assertThat(strings(production, "SELECT count(*) FROM tickets WHERE id > 500 AND category_id > 12")).containsExactly("0");
    assertThat(strings(production, "SELECT count(DISTINCT ticket_id) FROM comments WHERE ticket_id > 500")).containsExactly("30");
    assertThat(strings(production, "SELECT min(id) FROM tickets WHERE id > 500")).containsExactly("501");
    assertThat(strings(production, "SELECT description FROM tickets WHERE id = 501"))
        .containsExactly("Added by the workload:\nsecond line, a \\ backslash and 'quotes'");
    assertThat(strings(production, "SELECT title FROM tickets WHERE id = 501")).containsExactly("Added while the pilot runs #1 — tab\there");
  }

  @Test
  void refusesToAddNothing() {
    assertThatThrownBy(() -> SampleWorkload.addDataRecords(production, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("add at least one data record, not 0");
  }

  @Test
  void updatesAndDeletesSomeDataRecords() throws SQLException {
    String done = SampleWorkload.updateAndDeleteSomeRecords(production);

    assertThat(done).isEqualTo("closed 5 tickets, retired 1 computer, deleted 2 comments (with their replies) and 1 ticket (with its comments)");
    assertThat(strings(production, "SELECT count(*) FROM tickets WHERE status = 'closed'")).containsExactly("130"); // 125 + 5
    assertThat(strings(production, "SELECT count(*) FROM computers WHERE retired")).containsExactly("8");
    assertThat(strings(production, "SELECT max(id) FROM tickets")).containsExactly("499");
    // the two newest top-level comments (397, 399) took their replies (398, 400) with them
    assertThat(SampleProduction.rowCounts(production)).containsEntry("tickets", 499L).containsEntry("comments", 396L);
  }

  @Test
  void changesConfigurationEveryTimeItIsCalled() throws SQLException {
    String signature = strings(production, "SELECT value FROM settings WHERE name = 'mail.signature'").get(0);

    assertThat(SampleWorkload.changeConfiguration(production)).isEqualTo("added category SW-NEW-13 and changed setting mail.signature");
    assertThat(SampleWorkload.changeConfiguration(production)).isEqualTo("added category SW-NEW-14 and changed setting mail.signature");

    assertThat(SampleProduction.rowCounts(production)).containsEntry("categories", 14L);
    assertThat(strings(production, "SELECT value FROM settings WHERE name = 'mail.signature'").get(0))
        .isNotEqualTo(signature)
        .startsWith("Service desk\n-- \nSignature changed in production at ");
  }

  @Test
  void leavesTheConnectionsAutoCommitAsItWas() throws SQLException {
    production.setAutoCommit(true);
    SampleWorkload.addDataRecords(production, 1);
    assertThat(production.getAutoCommit()).isTrue();
  }
}
