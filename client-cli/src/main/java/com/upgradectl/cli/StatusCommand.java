package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPhase;
import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.production.ProductionStatus;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show an upgrade: phase, step, schedule, per-table progress, drift, last verification, history, failure.",
        "With --profile and --database: the pilot or production upgrade of that database started last."})
final class StatusCommand implements Callable<Integer> {
  @Mixin UpgradeTarget target;
  @Mixin TemporalOptions temporal;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  @Option(names = "--no-forecast", description = "Do not count the changes pending for a switch (that asks the"
      + " worker to read both databases, and adds a few events to the upgrade's history)")
  boolean noForecast;

  private static final Set<PilotPhase> FORECAST_PHASES = EnumSet.of(PilotPhase.READY, PilotPhase.SWITCH_SCHEDULED);

  /** The status with a fresh switch forecast; the status as it was when none can be made now. */
  private static PilotStatus withForecast(PilotUpgradeWorkflow pilot, PilotStatus status) {
    try {
      pilot.forecastSwitch();
      return pilot.status();
    } catch (RuntimeException e) {
      return status;
    }
  }

  @Override
  public Integer call() {
    target.workflowId(); // bad names are refused before Temporal is asked
    try (TemporalConnection connection = temporal.connect()) {
      String workflowId = target.anyWorkflowId(connection);
      if (UpgradeTarget.isProductionUpgrade(workflowId)) {
        ProductionStatus status = connection.production(workflowId).status();
        if (output.json()) {
          Json.print(spec.commandLine().getOut(), StatusJson.of(workflowId, status, status.history(),
              ZoneId.systemDefault()));
        } else {
          spec.commandLine().getOut().print(ProductionStatusText.render(workflowId, status, ZoneId.systemDefault()));
          spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
      }
      PilotUpgradeWorkflow pilot = connection.pilot(workflowId);
      PilotStatus status = pilot.status();
      if (!noForecast && FORECAST_PHASES.contains(status.phase())) {
        status = withForecast(pilot, status);
      }
      if (output.json()) {
        Json.print(spec.commandLine().getOut(), StatusJson.of(workflowId, status, status.history(),
            ZoneId.systemDefault()));
      } else {
        spec.commandLine().getOut().print(StatusText.render(workflowId, status, ZoneId.systemDefault()));
        spec.commandLine().getOut().flush();
      }
      return ExitCodes.OK;
    }
  }
}
