package com.upgradectl.workflows.imports;

import com.upgradectl.workflows.common.TableCheck;
import java.util.List;

/** What a slice's activities returned, in the slice's order. */
public record SliceResult(List<PieceCopied> copied, List<TableCheck> checks) {
  public SliceResult {
    copied = copied == null ? List.of() : List.copyOf(copied);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }
}
