package com.upgradectl.workflows.imports;

/**
 * One table of an import split into pieces: {@code pieces} consecutive piece numbers from {@code
 * firstPiece}, each a range of its key (a table without a usable key is one piece).
 */
public record PlannedTable(String table, long estimatedRows, int firstPiece, int pieces) {}
