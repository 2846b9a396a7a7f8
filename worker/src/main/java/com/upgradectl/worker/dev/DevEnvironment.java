package com.upgradectl.worker.dev;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.workflows.TaskQueues;
import com.upgradectl.workflows.UpgradeSearchAttributes;
import com.upgradectl.worker.WorkerRuntime;
import com.upgradectl.worker.config.TemporalSettings;
import com.upgradectl.worker.config.WorkerConfig;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything on one machine, in one process: Temporal's test server, an embedded PostgreSQL 17
 * exposed as connection profile {@value DevOptions#PROFILE}, optionally a sample production
 * database, and the worker. Used by {@code worker --dev} and by {@code upgradectl demo}.
 */
public final class DevEnvironment implements AutoCloseable {
  private final EmbeddedTemporal temporal;
  private final EmbeddedDatabaseServer database;
  private final WorkerRuntime worker;
  private final String productionDatabase;

  private DevEnvironment(EmbeddedTemporal temporal, EmbeddedDatabaseServer database, WorkerRuntime worker,
      String productionDatabase) {
    this.temporal = temporal;
    this.database = database;
    this.worker = worker;
    this.productionDatabase = productionDatabase;
  }

  /** @param announce receives what was started, one line each, ending with "worker ready" */
  public static DevEnvironment start(DevOptions options, Consumer<String> announce) {
    EmbeddedTemporal temporal = null;
    EmbeddedDatabaseServer database = null;
    try {
      temporal = EmbeddedTemporal.start(options.temporalPort(), UpgradeSearchAttributes.definitions());
      announce.accept("Temporal      " + temporal.address() + " (test server, namespace " + EmbeddedTemporal.NAMESPACE
          + ", search attributes registered)");
      database = EmbeddedDatabaseServer.start();
      announce.accept("PostgreSQL    " + database.jdbcUrl("postgres") + " (user " + EmbeddedDatabaseServer.USER
          + ", no password) as profile \"" + DevOptions.PROFILE + "\"");
      String production = null;
      if (options.sampleRows() > 0) {
        production = DevOptions.PRODUCTION_DATABASE;
        SampleProductionDatabase.create(database, production, options.sampleRows());
        announce.accept("production    database " + production + " with " + options.sampleRows()
            + " sample data rows (" + database.jdbcUrl(production) + ")");
      }
      WorkerConfig config = new WorkerConfig(
          new TemporalSettings(temporal.address(), EmbeddedTemporal.NAMESPACE, TaskQueues.UPGRADES),
          options.metricsPort(), 10, Map.of(DevOptions.PROFILE, database.profile(DevOptions.PROFILE)));
      WorkerRuntime worker = WorkerRuntime.start(config, WorkerRuntime.Mode.DEV, announce);
      return new DevEnvironment(temporal, database, worker, production);
    } catch (RuntimeException | SQLException e) {
      closeQuietly(database);
      closeQuietly(temporal);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("dev environment did not start: " + e.getMessage(), e);
    }
  }

  public String temporalAddress() {
    return temporal.address();
  }

  public String namespace() {
    return EmbeddedTemporal.NAMESPACE;
  }

  public ConnectionProfile profile() {
    return database.profile(DevOptions.PROFILE);
  }

  /** The sample production database, when one was created. */
  public Optional<String> productionDatabase() {
    return Optional.ofNullable(productionDatabase);
  }

  /** The JDBC URL of one database of the embedded server (no password in it). */
  public String jdbcUrl(String database) {
    return this.database.jdbcUrl(database);
  }

  /** A direct connection to one database of the embedded server, for checks outside the workflow. */
  public Connection connect(String database) throws SQLException {
    return this.database.connect(database);
  }

  /** Creates the sample production database under another name, e.g. for a second upgrade. */
  public void createSampleProduction(String name, long rows) throws SQLException {
    SampleProductionDatabase.create(database, name, rows);
  }

  public WorkflowClient client() {
    return worker.client();
  }

  public int metricsPort() {
    return worker.metricsPort();
  }

  /** Stops the worker first (it still uses both servers), then PostgreSQL, then Temporal. */
  @Override
  public void close() {
    closeQuietly(worker);
    closeQuietly(database);
    closeQuietly(temporal);
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(DevEnvironment.class).atWarn().setMessage("close failed")
          .addKeyValue("resource", resource.getClass().getSimpleName()).addKeyValue("error", e.toString()).log();
    }
  }
}
