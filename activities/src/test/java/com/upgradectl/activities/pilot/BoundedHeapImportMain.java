package com.upgradectl.activities.pilot;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.copy.CopySettings;
import com.upgradectl.activities.progress.ProgressSinkFactory;
import com.upgradectl.pkg.SourceLocation;
import com.upgradectl.pkg.TableClass;
import com.upgradectl.pkg.TableSpec;
import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.common.CopyResult;
import com.upgradectl.workflows.common.PackageRef;
import com.upgradectl.workflows.pilot.DataCopyActivities;
import com.upgradectl.workflows.pilot.PilotPlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link ImportHeapBoundedTest}: fills production with a wide table server-side,
 * imports it into the pilot through the worker's own wiring (pooled connections, the activity, the
 * default copy settings), and exits 0 only when the pilot holds every row.
 *
 * <p>Arguments: the server's JDBC URL (its maintenance database), production's and the pilot's
 * database names (both exist and are empty), the number of rows.
 */
public final class BoundedHeapImportMain {
  static final String TABLE = "audit_log";
  static final String ROWS_LINE = "pilot rows: ";

  /**
   * No key, so the copier moves it in one COPY, the case where buffering would show first. Rows of
   * about 150 bytes: two million of them do not fit in a 256 MB heap.
   */
  private static final String SCHEMA = "CREATE TABLE " + TABLE + " (at timestamptz NOT NULL, event_no bigint NOT NULL,"
      + " actor text NOT NULL, message text)";
  private static final String FILL = "INSERT INTO " + TABLE + " SELECT timestamptz '2024-01-01 00:00:00+00'"
      + " + i * interval '1 second', i, 'technician ' || (i % 97),"
      + " 'event ' || i || ': ' || md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text)"
      + " FROM generate_series(1, {ROWS}) AS i";

  private BoundedHeapImportMain() {}

  public static void main(String[] args) throws Exception {
    String serverUrl = args[0];
    String production = args[1];
    String pilot = args[2];
    long rows = Long.parseLong(args[3]);
    ConnectionProfile profile = new ConnectionProfile("embedded", "postgresql", serverUrl, "postgres", "");
    try (PooledConnections connections = new PooledConnections(List.of(profile))) {
      execute(connections.dataSource(profile.name(), production).getConnection(), SCHEMA,
          FILL.replace("{ROWS}", Long.toString(rows)), "ANALYZE " + TABLE);
      execute(connections.dataSource(profile.name(), pilot).getConnection(), SCHEMA);

      CopyResult result = importAll(connections, new PilotPlan(profile.name(), production, pilot,
          production + "_v1_archive", packageRef(), 2));

      long copied = count(connections.dataSource(profile.name(), pilot).getConnection());
      System.out.println(ROWS_LINE + copied + " (copied " + result.totalRows() + " rows, " + result.totalBytes()
          + " bytes; heap max " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB)");
      System.exit(copied == rows ? 0 : 1);
    }
  }

  private static CopyResult importAll(PooledConnections connections, PilotPlan plan) {
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    try {
      UpgradePackage pkg = upgradePackage();
      environment.registerActivitiesImplementations(new DataCopyActivitiesImpl(connections, ref -> pkg,
          ProgressSinkFactory.NONE, new SimpleMeterRegistry(), CopySettings.defaults()));
      DataCopyActivities activities = environment.newActivityStub(DataCopyActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .build());
      return activities.importAllTables(plan);
    } finally {
      environment.close();
    }
  }

  private static UpgradePackage upgradePackage() {
    PackageRef ref = packageRef();
    return new UpgradePackage(Path.of(ref.location()), ref.name(), ref.fromVersion(), ref.toVersion(), ref.digest(),
        null, List.of(new TableSpec(TABLE, TableClass.DATA, null, null, Map.of(),
            new SourceLocation("tables.yaml", 1))), Map.of());
  }

  private static PackageRef packageRef() {
    return new PackageRef("heap-test", "0123456789abcdef", "heap-test", "1", "2");
  }

  private static void execute(Connection connection, String... statements) throws SQLException {
    try (Connection c = connection; Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static long count(Connection connection) throws SQLException {
    try (Connection c = connection; Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
