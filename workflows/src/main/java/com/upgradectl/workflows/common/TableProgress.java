package com.upgradectl.workflows.common;

/**
 * How far one table's copy has gone. {@code rowsTotal} is an estimate until the table is done.
 *
 * @param part which key range of the table this is, where activities on several workers copy one
 *     table in ranges ("3 of 8"); null for the whole table
 */
public record TableProgress(String table, long rowsDone, long rowsTotal, long bytesDone, boolean done, String part) {

  public TableProgress(String table, long rowsDone, long rowsTotal, long bytesDone, boolean done) {
    this(table, rowsDone, rowsTotal, bytesDone, done, null);
  }

  /** The same progress, said of one part of the table. */
  public TableProgress ofPart(String newPart) {
    return new TableProgress(table, rowsDone, rowsTotal, bytesDone, done, newPart);
  }
}
