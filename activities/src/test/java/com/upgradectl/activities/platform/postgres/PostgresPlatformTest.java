package com.upgradectl.activities.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresPlatformTest {
  private final PostgresPlatform platform = PostgresPlatform.INSTANCE;

  @Test
  void databaseUrlReplacesOnlyTheDatabase() {
    assertThat(platform.databaseUrl("jdbc:postgresql://db1:5432,db2:5433/postgres?sslmode=require", "prod"))
        .isEqualTo("jdbc:postgresql://db1:5432,db2:5433/prod?sslmode=require");
    assertThat(platform.databaseUrl("jdbc:postgresql://db/", "prod")).isEqualTo("jdbc:postgresql://db/prod");
    assertThat(platform.databaseUrl("jdbc:postgresql://db", "prod")).isEqualTo("jdbc:postgresql://db/prod");
    assertThat(platform.databaseUrl("jdbc:postgresql:postgres", "prod")).isEqualTo("jdbc:postgresql:prod");
  }

  @Test
  void databaseUrlEncodesTheNameSoItCannotAddProperties() {
    assertThat(platform.databaseUrl("jdbc:postgresql://db/postgres", "a$b-é"))
        .isEqualTo("jdbc:postgresql://db/a%24b-%C3%A9");
    assertThat(platform.databaseUrl("jdbc:postgresql://db/postgres", "x?user=admin"))
        .isEqualTo("jdbc:postgresql://db/x%3Fuser%3Dadmin");
  }

  @Test
  void aUrlOfAnotherDriverIsRefusedWithoutItsPassword() {
    assertThatThrownBy(() -> platform.databaseUrl("jdbc:sqlserver://db;password=secret", "prod"))
        .hasMessageContaining("not a PostgreSQL JDBC URL")
        .hasMessageNotContaining("secret");
  }

  @Test
  void namesLongerThan63BytesAreRefusedEvenWhenShortInCharacters() {
    String fits = "a".repeat(63);
    assertThat(platform.validateDatabaseName("pilot database", fits)).isEqualTo(fits);
    String accented = "é".repeat(32);
    assertThatThrownBy(() -> platform.validateDatabaseName("pilot database", accented))
        .hasMessage("pilot database name '" + accented + "' is 64 bytes long in UTF-8; PostgreSQL allows at most 63");
  }

  @Test
  void namesBreakingTheCommonRuleAreRefused() {
    assertThatThrownBy(() -> platform.validateDatabaseName("production database", "prod\"; DROP"))
        .hasMessageContaining("production database name")
        .hasMessageContaining("'\"'");
  }

  @Test
  void literalsDoubleTheirQuotes() {
    assertThat(platform.literal("it's")).isEqualTo("'it''s'");
  }
}
