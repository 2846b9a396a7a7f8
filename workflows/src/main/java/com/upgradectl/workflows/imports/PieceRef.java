package com.upgradectl.workflows.imports;

/** Piece {@code index} (of {@code of}) of a table: what an activity summary and a progress line name. */
public record PieceRef(int piece, String table, int index, int of) {

  /** "tickets", or "tickets, key range 3 of 8". */
  public String describe() {
    return of <= 1 ? table : table + ", key range " + index + " of " + of;
  }
}
