package com.upgradectl.bench;

import java.util.List;

/** The switch benchmark's closing table: every step of every switch side by side, then the ratios. */
record SwitchSummary(long productionRows, double changedPercent, List<SwitchRun.Result> switches,
    List<Long> rowsChanged) {

  void print(double tpsWithout, double tpsWith) {
    System.out.printf("%nsummary: production %,d rows; %s%% of the data records changed before each switch by key%n",
        productionRows, changedPercent);
    for (int i = 0; i < switches.size(); i++) {
      System.out.printf("  [%d] %s: %,d rows written; final resync: %s%n", i + 1, switches.get(i).name(),
          rowsChanged.get(i), SwitchRun.summary(switches.get(i).finalResync()));
    }
    System.out.printf("  %-34s", "step (seconds)");
    for (int i = 0; i < switches.size(); i++) {
      System.out.printf(" %9s", "[" + (i + 1) + "]");
    }
    System.out.println();
    for (String step : SwitchRun.STEPS) {
      System.out.printf("  %-34s", step);
      for (SwitchRun.Result result : switches) {
        System.out.printf(" %9s", result.figures().has(step) ? String.format("%.2f", result.figures().of(step)) : "-");
      }
      System.out.println();
    }
    System.out.printf("  %-34s", "DOWNTIME (freeze to live)");
    switches.forEach(result -> System.out.printf(" %9.2f", result.downtimeSeconds()));
    System.out.println();
    boolean withWhole = switches.size() == 3;
    double whole = switches.get(switches.size() - 1).downtimeSeconds();
    for (int i = 0; withWhole && i < switches.size() - 1; i++) {
      System.out.printf("  whole / by changed keys [%d]: %.1f times the downtime%n", i + 1,
          whole / switches.get(i).downtimeSeconds());
    }
    System.out.printf("  capture write overhead (pgbench): %,.0f tps without, %,.0f tps with: %.2f (%.0f%% fewer)%n",
        tpsWithout, tpsWith, tpsWith / tpsWithout, 100 * (1 - tpsWith / tpsWithout));
  }
}
