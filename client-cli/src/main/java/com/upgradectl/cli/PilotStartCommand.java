package com.upgradectl.cli;

import com.upgradectl.pkg.UpgradePackage;
import com.upgradectl.workflows.pilot.PilotPlan;
import java.nio.file.Path;
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

  @Option(names = "--profile", required = true, paramLabel = "PROFILE",
      description = "the worker's connection profile of the production server")
  String profile;

  @Option(names = "--database", required = true, paramLabel = "DATABASE", description = "the production database")
  String database;

  @Option(names = "--package", required = true, paramLabel = "DIR", description = "the upgrade package directory")
  Path packageDir;

  @Option(names = "--pilot-name", paramLabel = "NAME", description = "default: <database>_v<to>_pilot")
  String pilotName;

  @Option(names = "--archive-name", paramLabel = "NAME",
      description = "the name production gets at the switch; default: <database>_v<from>_archive")
  String archiveName;

  @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N",
      description = "tables copied at once, 1 to 32 (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(names = "--switch-back-grace", defaultValue = "0", paramLabel = "DURATION",
      description = "how long after the switch `pilot switch-back` can make the archive production again, e.g. 2h,"
          + " 30m, 7d (at most 30 days); the new production records its writes meanwhile. 0 (default): no switch-back")
  String switchBackGrace;

  @Option(names = "--switched-back-name", paramLabel = "NAME", description = "with --switch-back-grace: the name"
      + " the new production is kept under if switched back; default: <database>_v<to>_switched_back")
  String switchedBackName;

  @Option(names = "--detach", description = "return once the upgrade is started, without waiting for its preflight's"
      + " verdict (by default start waits for it and exits 3 with the reason when preflight refuses the upgrade)")
  boolean detach;

  @Mixin TemporalOptions temporal;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // cheap checks first, the package next, Temporal last: bad input never reaches a server
    UpgradeTarget.requireProfile(profile);
    UpgradeTarget.requireDatabase("production database", database);
    if (pilotName != null) {
      UpgradeTarget.requireDatabase("pilot database", pilotName);
    }
    if (archiveName != null) {
      UpgradeTarget.requireDatabase("archive database", archiveName);
    }
    if (switchedBackName != null) {
      UpgradeTarget.requireDatabase("switched-back database", switchedBackName);
    }
    if (parallelism < 1 || parallelism > 32) {
      throw CommandFailure.badInput("--parallelism must be between 1 and 32, was " + parallelism);
    }
    int graceMinutes = GraceDuration.minutes(switchBackGrace);
    UpgradePackage pkg = PackageCheck.load(packageDir);
    PilotPlan plan;
    try {
      plan = PilotPlan.withDefaults(profile, database, pilotName, archiveName, PackageCheck.reference(pkg), parallelism)
          .withSwitchBackGrace(graceMinutes).withSwitchedBackName(switchedBackName).validated();
    } catch (IllegalArgumentException e) {
      throw CommandFailure.badInput(e.getMessage());
    }
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
      out.println("  switch-back: " + (graceMinutes == 0 ? "none (--switch-back-grace not given)"
          : "possible for " + switchBackGrace + " after the switch; the new production is then kept as "
              + plan.switchedBackDatabase()));
      out.println("  package " + plan.upgradePackage().location() + " (sha256 " + pkg.digest() + ")");
      out.println("follow it:  upgradectl watch " + target);
      out.println("status:     upgradectl status " + target);
      out.flush();
    }
    return ExitCodes.OK;
  }
}
