package com.upgradectl.activities.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class CopyFailuresTest {
  @Test
  void theMessageNamesWhatWasBeingDoneAndTheSqlState() {
    ApplicationFailure failure = CopyFailures.translate(
        new SQLException("ERROR: column \"priority\" does not exist\n  Position: 12", "42703"),
        "copying table tickets (production database shop, pilot database shop_v2_pilot)");

    assertThat(failure.getOriginalMessage()).isEqualTo("copying table tickets (production database shop, pilot database"
        + " shop_v2_pilot) failed: ERROR: column \"priority\" does not exist | Position: 12 [SQLState 42703]");
  }

  @Test
  void errorsOfThePackagesSqlOrOfItsValuesAreNotRetried() {
    assertThat(typeOf("42601")).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(typeOf("22P02")).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(typeOf("23505")).isEqualTo(FailureTypes.BAD_INPUT);
    assertThat(typeOf("3D000")).isEqualTo(FailureTypes.PRECONDITION);
    assertThat(CopyFailures.translate(new SQLException("x", "42601"), "copying").isNonRetryable()).isTrue();
  }

  @Test
  void lostConnectionsDeadlocksAndShutdownsAreRetried() {
    for (String state : new String[] {"08006", "40P01", "57P01", "55P03", "53300"}) {
      ApplicationFailure failure = CopyFailures.translate(new SQLException("x", state), "copying");
      assertThat(failure.isNonRetryable()).as(state).isFalse();
      assertThat(failure.getType()).isEqualTo(CopyFailures.DATABASE_ERROR);
    }
  }

  private static String typeOf(String state) {
    return CopyFailures.translate(new SQLException("x", state), "copying").getType();
  }
}
