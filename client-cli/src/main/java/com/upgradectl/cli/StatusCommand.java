package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotStatus;
import com.upgradectl.workflows.production.ProductionStatus;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Override
  public Integer call() {
    target.workflowId(); // bad names are refused before Temporal is asked
    try (TemporalConnection connection = temporal.connect()) {
      String workflowId = target.anyWorkflowId(connection);
      if (UpgradeTarget.isProductionUpgrade(workflowId)) {
        ProductionStatus status = connection.production(workflowId).status();
        if (output.json()) {
          Json.print(spec.commandLine().getOut(), status);
        } else {
          spec.commandLine().getOut().print(ProductionStatusText.render(workflowId, status));
          spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
      }
      PilotStatus status = connection.pilot(workflowId).status();
      if (output.json()) {
        Json.print(spec.commandLine().getOut(), status);
      } else {
        spec.commandLine().getOut().print(StatusText.render(workflowId, status, ZoneId.systemDefault()));
        spec.commandLine().getOut().flush();
      }
      return ExitCodes.OK;
    }
  }
}
