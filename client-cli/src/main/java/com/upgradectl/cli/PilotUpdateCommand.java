package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A request to a running pilot upgrade, sent as a Temporal Update: the workflow's validator accepts
 * it or refuses it with the reason, at once.
 */
abstract class PilotUpdateCommand implements Callable<Integer> {
  @Mixin UpgradeTarget target;
  @Mixin TemporalOptions temporal;
  @Spec CommandSpec spec;

  /** Checks the request locally (nothing sent yet), then sends it and returns the workflow's answer. */
  abstract String send(PilotUpgradeWorkflow upgrade);

  /** Local checks before connecting; throw CommandFailure.badInput to refuse. */
  void checkLocally() {}

  /** After the request was accepted: the exit code (a command may follow the work it started). */
  int afterAccepted(PilotUpgradeWorkflow upgrade) {
    return ExitCodes.OK;
  }

  @Override
  public Integer call() {
    String workflowId = target.workflowId();
    checkLocally();
    try (TemporalConnection connection = temporal.connect()) {
      String answer;
      PilotUpgradeWorkflow upgrade = connection.pilot(workflowId);
      try {
        answer = send(upgrade);
      } catch (RuntimeException e) {
        if (Failures.classify(e).exitCode() == ExitCodes.NO_SUCH_UPGRADE) {
          throw connection.endedUpgrade(workflowId).map(CommandFailure::refused).orElseThrow(() -> e);
        }
        throw e;
      }
      spec.commandLine().getOut().println(workflowId + ": " + answer);
      spec.commandLine().getOut().flush();
      return afterAccepted(upgrade);
    }
  }
}
