package com.upgradectl.bench;

import com.upgradectl.examples.SampleProduction;
import com.upgradectl.examples.SamplePackage;
import com.upgradectl.workflows.common.PackageRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * One production of a race: its database, its package, and what every contestant is measured by —
 * the size of its tables (heap and TOAST, no indexes: what each of them has to move), its rows, and
 * its largest table (the one the bare COPY pipe moves).
 */
record RaceProduction(String label, String database, PackageRef packageRef, long tableBytes, long rows,
    String largestTable, long largestTableBytes, long largestTableRows) {

  /** {@code pgbench -i -s scale}, pgbench_history given a key. */
  static RaceProduction pgbench(SystemPostgres server, Path work, int scale) throws Exception {
    String database = "pgbench";
    server.recreateDatabase(database);
    Tools.run(List.of(server.binaries().resolve("pgbench").toString(), "-i", "-q", "-s", Integer.toString(scale),
        "-h", "localhost", "-p", Integer.toString(server.port()), "-U", SystemPostgres.USER, database), null);
    server.execute(database, PgbenchPackage.KEY_FOR_HISTORY);
    return measure(server, "pgbench -i -s " + scale, database, BenchProduction.reference(PgbenchPackage.writeTo(work)));
  }

  /** The sample package's version-1 service desk with {@code dataRows} data-record rows. */
  static RaceProduction sample(SystemPostgres server, Path work, long dataRows) throws Exception {
    String database = BenchProduction.DATABASE;
    server.recreateDatabase(database);
    try (Connection c = server.connect(database)) {
      SampleProduction.create(c, dataRows);
    }
    server.execute(database, "VACUUM ANALYZE");
    return measure(server, "sample service desk, " + String.format("%,d", dataRows) + " data rows", database,
        BenchProduction.reference(SamplePackage.extractTo(work)));
  }

  private static RaceProduction measure(SystemPostgres server, String label, String database, PackageRef ref)
      throws SQLException {
    long bytes = 0;
    long rows = 0;
    String largest = null;
    long largestBytes = -1;
    long largestRows = 0;
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      Map<String, Long> sizes = new java.util.LinkedHashMap<>();
      try (ResultSet r = s.executeQuery("SELECT c.relname, pg_table_size(c.oid) FROM pg_class c JOIN pg_namespace n"
          + " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1")) {
        while (r.next()) {
          sizes.put(r.getString(1), r.getLong(2));
        }
      }
      for (Map.Entry<String, Long> table : sizes.entrySet()) {
        long count;
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM public." + table.getKey())) {
          r.next();
          count = r.getLong(1);
        }
        bytes += table.getValue();
        rows += count;
        if (table.getValue() > largestBytes) {
          largest = table.getKey();
          largestBytes = table.getValue();
          largestRows = count;
        }
      }
    }
    return new RaceProduction(label, database, ref, bytes, rows, largest, largestBytes, largestRows);
  }
}
