package com.upgradectl.workflows.imports;

import java.util.List;

/**
 * How an import is cut up, as the pilot records it: the tables, each its pieces. {@code byPieces}
 * is false where the platform copies an import in one activity only (then nothing was prepared).
 */
public record ImportLayout(boolean byPieces, List<PlannedTable> tables) {
  public ImportLayout {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  public int pieceCount() {
    return tables.stream().mapToInt(PlannedTable::pieces).sum();
  }
}
