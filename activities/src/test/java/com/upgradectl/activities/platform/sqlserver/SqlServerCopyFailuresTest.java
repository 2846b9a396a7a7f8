package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.copy.CopyFailures;
import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** SQL Server errors arrive as SQLState S0001: their number decides whether a retry can help. */
class SqlServerCopyFailuresTest {

  @Test
  void errorsOfThePackagesSqlOrOfTheDataAreNotRetried() {
    ApplicationFailure failure = SqlServerCopyFailures.translate(
        new SQLException("Invalid column name 'priority'.", "S0001", 207), "copying table tickets");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(failure.getOriginalMessage())
        .isEqualTo("copying table tickets failed: Invalid column name 'priority'. [SQLState S0001, error 207]");
    assertThat(typeOf(547)).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(typeOf(8114)).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(typeOf(2627)).isEqualTo(FailureTypes.BAD_INPUT);
  }

  @Test
  void aMissingDatabaseOrPermissionIsAPrecondition() {
    assertThat(typeOf(4060)).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(typeOf(229)).isEqualTo(FailureTypes.PRECONDITION);
  }

  @Test
  void deadlocksLockTimeoutsAndLostConnectionsAreRetried() {
    for (SQLException e : new SQLException[] {new SQLException("deadlock victim", "40001", 1205),
        new SQLException("Lock request time out period exceeded.", "S0001", 1222),
        new SQLException("Connection reset", "08S01", 0)}) {
      ApplicationFailure failure = SqlServerCopyFailures.translate(e, "copying");
      assertThat(failure.isNonRetryable()).as(e.getMessage()).isFalse();
      assertThat(failure.getType()).isEqualTo(CopyFailures.DATABASE_ERROR);
    }
  }

  private static String typeOf(int error) {
    return SqlServerCopyFailures.translate(new SQLException("x", "S0001", error), "copying").getType();
  }
}
