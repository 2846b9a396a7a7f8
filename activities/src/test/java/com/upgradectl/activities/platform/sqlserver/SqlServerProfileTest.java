package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.connect.ConnectionProfile;
import com.upgradectl.activities.connect.PooledConnections;
import com.upgradectl.activities.platform.DatabaseServer;
import com.upgradectl.activities.platform.DatabaseServers;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sqlserver profile gets the SQL Server server, and the checks that need no server refuse bad
 * requests before any connection is opened (the URL points nowhere).
 */
class SqlServerProfileTest {
  private final PooledConnections connections = new PooledConnections(List.of(
      new ConnectionProfile("mssql", "sqlserver", "jdbc:sqlserver://nowhere.invalid:1;databaseName=master", "sa", "x"),
      new ConnectionProfile("mssql-backup", "sqlserver", "jdbc:sqlserver://nowhere.invalid:1", "sa", "x",
          "/var/opt/mssql/backup")), 3, Duration.ofSeconds(1));
  private final DatabaseServers servers = new DatabaseServers(connections);

  @AfterEach
  void close() {
    connections.close();
  }

  @Test
  void aSqlServerProfileGetsTheSqlServerServer() {
    DatabaseServer server = servers.of("mssql");
    assertThat(server).isInstanceOf(SqlServerServer.class);
    assertThat(server.platform()).isSameAs(SqlServerPlatform.INSTANCE);
  }

  @Test
  void noSafetyCopyWithoutABackupDirectory() {
    assertThatThrownBy(() -> ((SqlServerServer) servers.of("mssql")).createSafetyCopy("prod", "before-upgrade"))
        .isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureTypes.PRECONDITION))
        .hasMessageContaining("profile mssql has no backupDirectory; set one in the worker configuration to take safety"
            + " copies");
  }

  @Test
  void aSafetyCopyNameThatCouldLeaveTheDirectoryIsRefused() {
    assertThatThrownBy(() -> ((SqlServerServer) servers.of("mssql-backup")).createSafetyCopy("prod", "../../etc/x"))
        .isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureTypes.BAD_INPUT))
        .hasMessageContaining("safety copy name '../../etc/x' is not allowed");
  }

  @Test
  void aSystemDatabaseIsNeverCreated() {
    assertThatThrownBy(() -> servers.of("mssql").createDatabase("msdb"))
        .hasMessageContaining("is a SQL Server system database");
  }
}
