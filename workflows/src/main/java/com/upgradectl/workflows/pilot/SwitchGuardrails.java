package com.upgradectl.workflows.pilot;

import java.util.List;

/** Checks before a switch; {@code refusals} empty means the switch may go ahead. */
public record SwitchGuardrails(List<String> refusals, List<String> sessionsToBeEnded) {
  public boolean allowed() {
    return refusals.isEmpty();
  }
}
