package com.upgradectl.workflows.pilot;

import com.upgradectl.workflows.common.TableFingerprint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which configuration tables production changed since the baseline taken when the pilot was created. */
final class ConfigurationDrift {
  private ConfigurationDrift() {}

  /** Tables whose row count or checksum differ, or that exist on one side only; sorted by name. */
  static List<String> between(List<TableFingerprint> baseline, List<TableFingerprint> current) {
    Map<String, TableFingerprint> before = byTable(baseline);
    Map<String, TableFingerprint> now = byTable(current);
    TreeSet<String> changed = new TreeSet<>();
    for (String table : before.keySet()) {
      TableFingerprint was = before.get(table);
      TableFingerprint is = now.get(table);
      if (is == null || was.rows() != is.rows() || !Objects.equals(was.checksum(), is.checksum())) {
        changed.add(table);
      }
    }
    for (String table : now.keySet()) {
      if (!before.containsKey(table)) {
        changed.add(table);
      }
    }
    return List.copyOf(changed);
  }

  private static Map<String, TableFingerprint> byTable(List<TableFingerprint> fingerprints) {
    return fingerprints.stream().collect(Collectors.toMap(TableFingerprint::table, Function.identity(), (a, b) -> b));
  }
}
