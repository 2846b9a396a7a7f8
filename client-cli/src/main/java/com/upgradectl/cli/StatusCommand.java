package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotStatus;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show an upgrade: phase, step, schedule, per-table progress, drift, last verification, history, failure.")
final class StatusCommand implements Callable<Integer> {
  @Mixin UpgradeTarget target;
  @Mixin TemporalOptions temporal;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String workflowId = target.workflowId();
    try (TemporalConnection connection = temporal.connect()) {
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
