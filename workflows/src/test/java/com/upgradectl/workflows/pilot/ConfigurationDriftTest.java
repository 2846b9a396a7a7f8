package com.upgradectl.workflows.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.upgradectl.workflows.common.TableFingerprint;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationDriftTest {
  private static final List<TableFingerprint> BASELINE = List.of(
      new TableFingerprint("settings", 5, "a"),
      new TableFingerprint("categories", 3, "b"),
      new TableFingerprint("priorities", 4, "c"));

  @Test
  void unchangedTablesAreNoDrift() {
    assertThat(ConfigurationDrift.between(BASELINE, List.copyOf(BASELINE))).isEmpty();
  }

  @Test
  void aChangedChecksumOrRowCountIsDriftSortedByName() {
    List<TableFingerprint> now = List.of(
        new TableFingerprint("settings", 5, "changed"),
        new TableFingerprint("categories", 4, "b"),
        new TableFingerprint("priorities", 4, "c"));

    assertThat(ConfigurationDrift.between(BASELINE, now)).containsExactly("categories", "settings");
  }

  @Test
  void aTableOnOneSideOnlyIsDrift() {
    List<TableFingerprint> now = List.of(
        new TableFingerprint("settings", 5, "a"),
        new TableFingerprint("categories", 3, "b"),
        new TableFingerprint("locations", 1, "d"));

    assertThat(ConfigurationDrift.between(BASELINE, now)).containsExactly("locations", "priorities");
  }
}
