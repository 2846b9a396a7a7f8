package com.upgradectl.workflows.pilot;

import java.time.Instant;

/** Switch now ({@code at == null}) or at a time; sending it again while scheduled re-schedules. */
public record SwitchRequest(Instant at) {
  public static SwitchRequest now() {
    return new SwitchRequest(null);
  }
}
