package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.examples.SamplePackage;
import com.upgradectl.pkg.PlatformScripts;
import com.upgradectl.pkg.UpgradePackageLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample package's SQL Server scripts split into the batches the platform sends: each GO ends
 * one, and a column added in a batch is only used by a later one (a batch compiles as a whole).
 */
class SqlServerSampleScriptBatchesTest {
  @TempDir static Path dir;

  @Test
  void theVersionTwoSchemaIsTwoBatchesTablesThenTablesThatReferToThem() throws Exception {
    List<String> batches = TsqlBatches.texts(Files.readString(scripts().schema().get(0)));
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0)).contains("CREATE TABLE schema_version").contains("CREATE TABLE settings")
        .doesNotContain("CREATE TABLE computers");
    assertThat(batches.get(1)).contains("CREATE TABLE computers").contains("CREATE TABLE comments")
        .contains("CREATE INDEX ix_comments_parent_id");
    assertThat(TsqlBatches.texts(Files.readString(scripts().schema().get(1))))
        .singleElement().asString().contains("INSERT INTO schema_version (version) VALUES (N'2')");
  }

  @Test
  void theMigrationUsesEachNewColumnOnlyInALaterBatch() throws Exception {
    List<String> batches = TsqlBatches.texts(Files.readString(scripts().migrations().get(0)));
    assertThat(batches).hasSize(4);
    assertThat(batches.get(0)).contains("ALTER TABLE categories ADD portal_visible").doesNotContain("DROP CONSTRAINT");
    assertThat(batches.get(1)).contains("ALTER TABLE categories DROP CONSTRAINT df_categories_portal_visible")
        .contains("ALTER TABLE computers ADD lifecycle").doesNotContain("UPDATE computers");
    assertThat(batches.get(2)).startsWith("UPDATE computers SET lifecycle").contains("CREATE TABLE ticket_details")
        .doesNotContain("INSERT INTO ticket_details");
    assertThat(batches.get(3)).contains("INSERT INTO ticket_details").contains("EXEC sp_rename N'dbo.tickets.title'")
        .contains("DROP TABLE saved_searches").contains("UPDATE schema_version SET version = N'2'");
  }

  @Test
  void pilotModeAndPostSwitchAreOneBatchEach() throws Exception {
    assertThat(TsqlBatches.texts(Files.readString(scripts().pilotMode().get(0))))
        .singleElement().asString().contains("MERGE settings AS s").contains("(N'mail.outgoing.enabled', N'false')");
    assertThat(TsqlBatches.texts(Files.readString(scripts().postSwitch().get(0))))
        .singleElement().asString().contains("MERGE settings AS s").contains("DELETE FROM settings WHERE name = N'ui.banner'");
  }

  private static PlatformScripts scripts() {
    return UpgradePackageLoader.load(SamplePackage.extractTo(dir)).platforms().get("sqlserver");
  }
}
