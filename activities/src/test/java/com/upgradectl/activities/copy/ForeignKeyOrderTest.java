package com.upgradectl.activities.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForeignKeyOrderTest {
  @Test
  void referencedTablesComeFirstAndSelfReferencesDoNotMatter() {
    List<ForeignKeyInfo> keys = List.of(fk("ticket_tags", "tickets"), fk("ticket_details", "tickets"),
        fk("tickets", "customers"), fk("customers", "customers"));

    assertThat(ForeignKeyOrder.parentsFirst(List.of("ticket_tags", "ticket_details", "tickets", "customers"), keys))
        .containsExactly("customers", "tickets", "ticket_tags", "ticket_details");
  }

  @Test
  void tablesInACycleComeLastInTheirGivenOrder() {
    List<ForeignKeyInfo> keys = List.of(fk("a", "b"), fk("b", "a"), fk("c", "d"));

    assertThat(ForeignKeyOrder.parentsFirst(List.of("a", "b", "c", "d"), keys)).containsExactly("d", "c", "a", "b");
  }

  private static ForeignKeyInfo fk(String table, String referenced) {
    return new ForeignKeyInfo(table + "_fk", "public", table, "public", referenced, "FOREIGN KEY ...");
  }
}
