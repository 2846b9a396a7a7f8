package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.activities.platform.SessionInfo;
import com.upgradectl.activities.platform.sqlserver.SqlServerGuardrails.BackupSpace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlServerGuardrailsTest {
  private static final SessionInfo LONG = new SessionInfo(61, "app", false, "ServiceDesk", "10.0.0.7 (host APP01)",
      "sleeping", Instant.parse("2026-11-24T02:00:00Z"), Duration.ofMinutes(12), true, false);

  @Test
  void aHealthyDatabaseWithRoomForItsCopyHasNoProblems() {
    SqlServerGuardrails guardrails = new SqlServerGuardrails("prod", "ONLINE", "MULTI_USER", false, "FULL",
        List.of(), Duration.ofMinutes(5), List.of(), new BackupSpace("/var/opt/mssql/backup", "/", 10_000L, 5_000L));

    assertThat(guardrails.problems()).isEmpty();
  }

  @Test
  void eachFindingIsOneSentenceNamingWhatIsWrong() {
    SqlServerGuardrails guardrails = new SqlServerGuardrails("prod", "RESTORING", "RESTRICTED_USER", true, "SIMPLE",
        List.of(LONG), Duration.ofMinutes(5), List.of(LONG),
        new BackupSpace("/backup", "/", 1_000L, 5_000L));

    assertThat(guardrails.problems()).containsExactly(
        "database prod is RESTORING, not ONLINE",
        "database prod is RESTRICTED_USER already",
        "database prod is READ_ONLY already",
        "1 session(s) have had a transaction open for more than 300 s; ending them rolls their work back: [" + LONG + "]",
        "only 1000 bytes are free on / for /backup; the copy may need up to 5000");
  }

  @Test
  void freeSpaceOnAVolumeTheServerCannotSeeIsReportedAsUnknown() {
    SqlServerGuardrails guardrails = new SqlServerGuardrails("prod", "ONLINE", "MULTI_USER", false, "FULL",
        List.of(), Duration.ofMinutes(5), List.of(), new BackupSpace("\\\\nas\\sql", null, null, 5_000L));

    assertThat(guardrails.problems()).containsExactly("free space at \\\\nas\\sql is unknown: no database file of the"
        + " server lies on that volume; check that 5000 bytes fit there");
  }
}
