package com.upgradectl.workflows.common;

/** How far one table's copy has gone. {@code rowsTotal} is an estimate until the table is done. */
public record TableProgress(String table, long rowsDone, long rowsTotal, long bytesDone, boolean done) {}
