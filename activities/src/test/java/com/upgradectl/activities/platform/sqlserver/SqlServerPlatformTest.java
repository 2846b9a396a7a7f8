package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upgradectl.activities.platform.DatabasePlatforms;
import org.junit.jupiter.api.Test;

class SqlServerPlatformTest {
  private final SqlServerPlatform platform = SqlServerPlatform.INSTANCE;

  @Test
  void isRegisteredUnderItsName() {
    assertThat(DatabasePlatforms.forName("sqlserver")).isSameAs(platform);
  }

  @Test
  void databaseUrlReplacesTheDatabaseAndKeepsEveryOtherProperty() {
    assertThat(platform.databaseUrl("jdbc:sqlserver://db:1433;databaseName=master;encrypt=true", "prod"))
        .isEqualTo("jdbc:sqlserver://db:1433;encrypt=true;databaseName={prod}");
    assertThat(platform.databaseUrl("jdbc:sqlserver://db\\SQL2022;Database=master;trustServerCertificate=true;", "prod"))
        .isEqualTo("jdbc:sqlserver://db\\SQL2022;trustServerCertificate=true;databaseName={prod}");
    assertThat(platform.databaseUrl("jdbc:sqlserver://db", "prod")).isEqualTo("jdbc:sqlserver://db;databaseName={prod}");
  }

  @Test
  void databaseUrlKeepsBracedValuesWhole() {
    assertThat(platform.databaseUrl("jdbc:sqlserver://db;password={a;databaseName=x}};b};databaseName=master", "prod"))
        .isEqualTo("jdbc:sqlserver://db;password={a;databaseName=x}};b};databaseName={prod}");
  }

  @Test
  void databaseUrlBracesTheNameSoItCannotAddProperties() {
    assertThat(platform.databaseUrl("jdbc:sqlserver://db", "x};user=sa"))
        .isEqualTo("jdbc:sqlserver://db;databaseName={x}};user=sa}");
  }

  @Test
  void aUrlOfAnotherDriverIsRefusedWithoutItsPassword() {
    assertThatThrownBy(() -> platform.databaseUrl("jdbc:postgresql://db/postgres?password=secret", "prod"))
        .hasMessageContaining("not a SQL Server JDBC URL")
        .hasMessageNotContaining("secret");
  }

  @Test
  void literalsAreUnicodeWithTheirQuotesDoubled() {
    assertThat(platform.literal("it's")).isEqualTo("N'it''s'");
    assertThat(platform.literal("Zürich ]'")).isEqualTo("N'Zürich ]'''");
    assertThatThrownBy(() -> platform.literal("a\0b")).hasMessageContaining("NUL");
  }

  @Test
  void identifiersAreBracketedWithClosingBracketsDoubled() {
    assertThat(platform.identifiers().quote("odd]name")).isEqualTo("[odd]]name]");
    assertThat(platform.identifiers().quote("dbo", "my table")).isEqualTo("[dbo].[my table]");
    assertThat(platform.identifiers().quote("ça'va")).isEqualTo("[ça'va]");
  }

  @Test
  void namesUpTo128CharactersPassLongerOnesAreRefused() {
    String fits = "é".repeat(128);
    assertThat(platform.validateDatabaseName("pilot database", fits)).isEqualTo(fits);
    assertThatThrownBy(() -> platform.validateDatabaseName("pilot database", "a".repeat(129)))
        .hasMessage("pilot database name is 129 characters long; at most 128 are allowed");
  }

  @Test
  void systemDatabasesAreRefusedWhateverTheirCase() {
    assertThatThrownBy(() -> platform.validateDatabaseName("archive database", "Master"))
        .hasMessage("archive database name 'Master' is a SQL Server system database");
    assertThatThrownBy(() -> platform.validateDatabaseName("pilot database", "tempdb"))
        .hasMessageContaining("system database");
  }

  @Test
  void namesBreakingTheCommonRuleAreRefused() {
    assertThatThrownBy(() -> platform.validateDatabaseName("production database", "prod]; DROP"))
        .hasMessageContaining("production database name")
        .hasMessageContaining("']'");
  }
}
