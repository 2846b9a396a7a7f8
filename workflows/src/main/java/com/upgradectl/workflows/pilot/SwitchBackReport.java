package com.upgradectl.workflows.pilot;

import java.util.List;

/**
 * The rows written to the new production since the switch, table by table, read while it was
 * frozen for the switch-back: the rows the operator has to enter again in the restored production.
 *
 * @param database the database they were written to, under the name it keeps after the switch-back
 * @param tables one entry per tracked table, changed or not
 * @param listedRowsPerTable at most this many rows of each table are listed with their text (the
 *     counts are always complete; the complete list stays in {@code database}, see {@code fullListing})
 * @param fullListing how to read the complete list in {@code database}
 */
public record SwitchBackReport(String database, List<TableChanges> tables, int listedRowsPerTable,
    String fullListing) {

  public SwitchBackReport {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** Rows inserted, updated or deleted since the switch, all tables together. */
  public long totalChanged() {
    return tables.stream().mapToLong(TableChanges::changed).sum();
  }

  /**
   * The net changes of one table since the switch: a row inserted then deleted is not listed, a row
   * updated several times is listed once.
   *
   * @param keyColumns the primary-key columns the keys are made of
   * @param rows the listed rows (at most the report's limit), in key order within each kind
   */
  public record TableChanges(String table, List<String> keyColumns, long inserted, long updated, long deleted,
      List<RowChange> rows) {

    public TableChanges {
      keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
      rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public long changed() {
      return inserted + updated + deleted;
    }

    /** Whether every changed row is in {@link #rows()}. */
    public boolean complete() {
      return rows.size() >= changed();
    }
  }

  /**
   * One row written since the switch.
   *
   * @param key the primary key, as JSON ({@code {"id": 42}})
   * @param statement SQL text that enters the change again, in the NEW version's table shape: an
   *     INSERT with the row's values as they are now (inserted, updated) or a DELETE by key (deleted)
   */
  public record RowChange(Kind kind, String key, String statement) {}

  public enum Kind { INSERTED, UPDATED, DELETED }
}
