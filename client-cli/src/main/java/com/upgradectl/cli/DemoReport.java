package com.upgradectl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the demo did and found: printed as a summary, or as JSON with --output json. */
final class DemoReport {
  /** One step with its figures: rows and bytes of the tables it copied, wall-clock time. */
  record Step(String step, String phase, long rows, long bytes, long millis) {
    public long rowsPerSecond() {
      return millis <= 0 ? 0 : rows * 1000 / millis;
    }
  }

  /** One independent check and what was seen. */
  record Check(String check, boolean passed, String detail) {}

  public String workflowId;
  public long productionDataRows;
  public final List<Step> steps = new ArrayList<>();
  public final List<String> productionChanges = new ArrayList<>();
  public final List<List<String>> driftAfterEachRefresh = new ArrayList<>();
  public final List<Check> checks = new ArrayList<>();
  public String failure;

  public boolean isVerified() {
    return failure == null && !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  String summary() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-22s %12s %10s %9s %10s%n", "step", "rows", "on disk", "time", "rows/s"));
    for (Step s : steps) {
      out.append(String.format(Locale.ROOT, "%-22s %12s %10s %9s %10s%n", s.step(), Figures.rows(s.rows()),
          Figures.megabytes(s.bytes()), Figures.seconds(s.millis()), Figures.perSecond(s.rows(), s.millis())));
    }
    // each check was printed where it ran; the summary counts them and repeats only the failed ones
    long passed = checks.stream().filter(Check::passed).count();
    out.append("checks: ").append(Figures.count(passed)).append(" of ").append(Figures.count(checks.size()))
        .append(" passed\n");
    for (Check c : checks) {
      if (!c.passed()) {
        out.append("  FAIL  ").append(c.check()).append(": ").append(c.detail()).append('\n');
      }
    }
    if (failure != null) {
      out.append("FAILED: ").append(failure).append('\n');
    }
    out.append(isVerified() ? "demo verified: everything matches\n" : "demo NOT verified\n");
    return out.toString();
  }
}
