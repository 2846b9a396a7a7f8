package com.upgradectl.cli;

import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.pilot.PilotPlan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true,
    description = {"Start a pilot upgrade of a production database: preflight, then a pilot database is created with the"
        + " new version's schema and all of production is imported into it. Production is not disturbed.",
        "The package is checked here first; the worker reads it at the same path."})
final class PilotStartCommand implements Callable<Integer> {
  private static final Duration PREFLIGHT_WAIT = Duration.ofMinutes(2);

  @Option(names = "--detach", description = "return once the upgrade is started, without waiting for its preflight's"
      + " verdict (by default start waits for it and exits 3 with the reason when preflight refuses the upgrade)")
  boolean detach;

  @Mixin PilotPlanOptions planned;
  @Mixin TemporalOptions temporal;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PilotPlan plan = planned.plan(); // names and package checked here: bad input never reaches a server
    UpgradePackage pkg = planned.pkg;
    String profile = planned.profile;
    String database = planned.database;
    String workflowId;
    Optional<List<String>> warnings = Optional.empty();
    try (TemporalConnection connection = temporal.connect()) {
      workflowId = PilotStarter.start(connection.client(), plan);
      if (!detach) {
        warnings = PreflightVerdict.await(connection, workflowId, PREFLIGHT_WAIT, spec.commandLine().getErr());
      }
    }
    var out = spec.commandLine().getOut();
    if (output.json()) {
      Map<String, Object> started = new LinkedHashMap<>();
      started.put("workflowId", workflowId);
      started.put("plan", plan);
      started.put("preflight", detach ? "not awaited" : warnings.isPresent() ? "passed" : "not answered yet");
      started.put("warnings", warnings.orElse(List.of()));
      Json.print(out, started);
    } else {
      String target = "--profile " + profile + " --database " + database + temporal.forHints();
      out.println("started " + workflowId);
      out.println("  preflight: " + (detach ? "not awaited (--detach); `watch` shows its verdict"
          : warnings.isPresent() ? "passed" : "no verdict within " + PREFLIGHT_WAIT.toSeconds()
              + " s (is a worker polling the task queue?); `watch` shows it"));
      warnings.orElse(List.of()).forEach(w -> out.println("  warning: " + w));
      out.println("  pilot upgrade of " + database + " on " + profile + ": " + pkg.name() + " " + pkg.fromVersion()
          + " -> " + pkg.toVersion() + "; pilot " + plan.pilotDatabase() + ", archive name " + plan.archiveDatabase());
      out.println("  switch-back: " + (plan.switchBackGraceMinutes() == 0 ? "none (--switch-back-grace not given)"
          : "possible for " + planned.switchBackGrace + " after the switch; the new production is then kept as "
              + plan.switchedBackDatabase()));
      out.println("  package " + plan.upgradePackage().location() + " (sha256 " + pkg.digest() + ")");
      out.println("follow it:  upgradectl watch " + target);
      out.println("status:     upgradectl status " + target);
      out.flush();
    }
    return ExitCodes.OK;
  }
}
