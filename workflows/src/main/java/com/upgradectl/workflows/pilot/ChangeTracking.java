package com.upgradectl.workflows.pilot;

import java.util.List;

/**
 * Where the switched database started recording its writes, taken at the switch (just before the
 * pilot got production's name): what a switch-back needs to list the rows written to the new
 * production since. Platform-neutral: on PostgreSQL {@code since} is the last id of the change
 * log when recording began; on SQL Server it would be the change-tracking version.
 *
 * @param database the database it was started in, under the name it had then (the pilot)
 * @param tables the tables whose writes are recorded (the data-record tables)
 * @param since the platform's position of the switch in the change record
 */
public record ChangeTracking(String database, List<String> tables, String since) {
  public ChangeTracking {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }
}
