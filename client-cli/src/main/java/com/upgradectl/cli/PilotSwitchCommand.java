package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotUpgradeWorkflow;
import com.upgradectl.workflows.pilot.SwitchRequest;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "switch", mixinStandardHelpOptions = true,
    description = {"Switch the pilot to production, now or at a time (sending it again re-schedules).",
        "Production is frozen, synced a last time and verified, renamed to the archive name and taken offline;"
            + " the pilot takes production's name."})
final class PilotSwitchCommand extends PilotUpdateCommand {
  @Option(names = "--at", paramLabel = "TIME",
      description = "ISO-8601 (2030-05-01T22:00:00+02:00, 2030-05-01T22:00) or HH:mm: the next such time, local"
          + " (tomorrow when today's has passed)")
  String at;

  @Option(names = "--dry-run", description = "Change nothing: show the changes pending per table and how long"
      + " production would be frozen by a switch now, from this upgrade's own refresh rates")
  boolean dryRun;

  private final Clock clock;
  private Instant switchAt;

  PilotSwitchCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  void checkLocally() {
    if (dryRun && at != null) {
      throw CommandFailure.badInput("--dry-run forecasts a switch now; it takes no --at");
    }
    switchAt = at == null ? null : SwitchTime.parse(at, clock);
  }

  @Override
  String send(PilotUpgradeWorkflow upgrade) {
    if (dryRun) {
      return "dry run, nothing changed: " + ForecastText.render(upgrade.forecastSwitch()).stripTrailing();
    }
    String answer = upgrade.switchToProduction(new SwitchRequest(switchAt));
    return switchAt == null ? answer : answer + " (" + Times.shown(switchAt, clock.getZone()) + ")";
  }
}
