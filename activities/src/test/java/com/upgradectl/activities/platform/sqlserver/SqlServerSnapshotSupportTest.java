package com.upgradectl.activities.platform.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which servers the copier asks for a database snapshot, and what it calls the snapshot's files. */
class SqlServerSnapshotSupportTest {

  @Test
  void enterpriseAndDeveloperAlwaysMakeSnapshots() {
    assertThat(SqlServerSnapshotSupport.editionRefusal(3, "11.0.2100.60")).isNull();
    assertThat(SqlServerSnapshotSupport.editionRefusal(3, "16.0.4135.4")).isNull();
  }

  @Test
  void standardAndExpressMakeThemFromSqlServer2016Sp1() {
    assertThat(SqlServerSnapshotSupport.editionRefusal(2, "13.0.4001.0")).isNull();
    assertThat(SqlServerSnapshotSupport.editionRefusal(4, "16.0.1000.6")).isNull();
    assertThat(SqlServerSnapshotSupport.editionRefusal(2, "13.0.1601.5"))
        .isEqualTo("database snapshots need Enterprise or Developer edition before SQL Server 2016 SP1");
    assertThat(SqlServerSnapshotSupport.editionRefusal(4, "12.0.6024.0")).isNotNull();
  }

  @Test
  void azureHasNone() {
    assertThat(SqlServerSnapshotSupport.editionRefusal(5, "12.0.2000.8")).contains("Azure SQL Database");
    assertThat(SqlServerSnapshotSupport.editionRefusal(8, "16.0.5000.1")).contains("Managed Instance");
    assertThat(SqlServerSnapshotSupport.editionRefusal(9, "16.0.1000.6")).contains("engine edition 9 is not known");
  }

  @Test
  void versionsCompareNumericallyPartByPart() {
    int[] sp1 = SqlServerSnapshotSupport.FIRST_VERSION_FOR_ALL_EDITIONS;
    assertThat(SqlServerSnapshotSupport.atLeast("13.0.4001.0", sp1)).isTrue();
    assertThat(SqlServerSnapshotSupport.atLeast("13.0.999.0", sp1)).isFalse();
    assertThat(SqlServerSnapshotSupport.atLeast("14.0.1000.169", sp1)).isTrue();
    assertThat(SqlServerSnapshotSupport.atLeast("9.0.5000", sp1)).isFalse();
    assertThat(SqlServerSnapshotSupport.atLeast("garbage", sp1)).isFalse();
    assertThat(SqlServerSnapshotSupport.atLeast(null, sp1)).isFalse();
  }

  @Test
  void theSnapshotIsNamedAfterProductionWithinSysname() {
    assertThat(SqlServerSnapshotNames.snapshotOf("shop")).isEqualTo("upgradectl_snap_shop");
    String longName = "x".repeat(128);
    String cut = SqlServerSnapshotNames.snapshotOf(longName);
    assertThat(cut).hasSize(128).startsWith("upgradectl_snap_xxx");
    assertThat(cut).isNotEqualTo(SqlServerSnapshotNames.snapshotOf("x".repeat(127) + "y"));
  }

  @Test
  void sparseFilesLieNextToTheDataFilesTheyShadowOnWindowsAndLinux() {
    assertThat(SqlServerSnapshotNames.sparseFile("/var/opt/mssql/data/shop.mdf", "upgradectl_snap_shop", "shop"))
        .isEqualTo("/var/opt/mssql/data/upgradectl_snap_shop_shop.ss");
    assertThat(SqlServerSnapshotNames.sparseFile("D:\\SQL Data\\shop_2.ndf", "upgradectl_snap_shop", "shop 2: 'été'"))
        .isEqualTo("D:\\SQL Data\\upgradectl_snap_shop_shop_2____t__.ss");
    assertThat(SqlServerSnapshotNames.sparseFile("shop.mdf", "s", "l")).isEqualTo("s_l.ss");
  }
}
