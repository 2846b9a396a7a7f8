package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPlan;
import com.upgradectl.workflows.preflight.PreflightOutcome;
import com.upgradectl.workflows.preflight.PreflightRequest;
import com.upgradectl.workflows.production.ProductionPlan;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `upgradectl preflight pilot|production`: the real checks against the databases, changing nothing. */
@Command(name = "preflight", mixinStandardHelpOptions = true,
    description = {"Run an upgrade's preflight against the databases and change nothing: prints the plan (steps,"
        + " names, tables, rows, warnings), or every reason the upgrade would be refused (exit 3)."},
    subcommands = {PreflightCommand.Pilot.class, PreflightCommand.Production.class})
final class PreflightCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }

  @Command(name = "pilot", mixinStandardHelpOptions = true,
      description = "The preflight of `pilot start` with the same options.")
  static final class Pilot implements Callable<Integer> {
    @Mixin PilotPlanOptions planned;
    @Mixin TemporalOptions temporal;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PilotPlan plan = planned.plan();
      return runAndReport(spec, temporal, output, "pilot", plan.serverProfile(), plan.productionDatabase(),
          PreflightRequest.of(plan), outcome -> PreflightText.pilot(plan, outcome.pilot()));
    }
  }

  @Command(name = "production", mixinStandardHelpOptions = true,
      description = "The preflight of `production upgrade` with the same options; lists the sessions it would end.")
  static final class Production implements Callable<Integer> {
    @Mixin ProductionPlanOptions planned;
    @Mixin TemporalOptions temporal;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ProductionPlan plan = planned.plan();
      return runAndReport(spec, temporal, output, "production", plan.serverProfile(), plan.productionDatabase(),
          PreflightRequest.of(plan), outcome -> PreflightText.production(plan, outcome.production()));
    }
  }

  /** Runs the preflight on a worker; prints the plan it passed with, or refuses with its reasons (exit 3). */
  private static int runAndReport(CommandSpec spec, TemporalOptions temporal, OutputOptions output, String scenario,
      String profile, String database, PreflightRequest request, Function<PreflightOutcome, String> plan) {
    PreflightOutcome outcome;
    try (TemporalConnection connection = temporal.connect()) {
      outcome = PreflightRunner.run(connection.client(), scenario, profile, database, request);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Json.print(out, outcome);
      return outcome.passed() ? ExitCodes.OK : ExitCodes.REFUSED;
    }
    if (!outcome.passed()) {
      throw CommandFailure.refused(outcome.refusal());
    }
    out.print(plan.apply(outcome));
    out.flush();
    return ExitCodes.OK;
  }
}
