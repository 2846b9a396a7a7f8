package com.upgradectl.activities.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableInfoTest {

  @Test
  void bytesOfSomeRowsFollowTheTablesAverageStoredRow() {
    TableInfo tickets = new TableInfo("dbo", "tickets", 1, List.of(), List.of("id"), 1_000, 819_200);

    assertThat(tickets.estimatedBytes(250)).isEqualTo(204_800);
    assertThat(tickets.estimatedBytes(1)).isEqualTo(819);
  }

  @Test
  void unknownFiguresGiveNoBytesRatherThanAGuess() {
    assertThat(new TableInfo("dbo", "t", 1, List.of(), List.of(), 1_000).estimatedBytes(10)).isZero();
    assertThat(new TableInfo("dbo", "t", 1, List.of(), List.of(), 0, 8_192).estimatedBytes(10)).isZero();
    assertThat(new TableInfo("dbo", "t", 1, List.of(), List.of(), 10, 8_192).estimatedBytes(0)).isZero();
  }
}
