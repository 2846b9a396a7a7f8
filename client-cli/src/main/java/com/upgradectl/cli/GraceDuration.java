package com.upgradectl.cli;

import com.upgradectl.workflows.pilot.PilotPlan;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The switch-back grace period given to {@code pilot start --switch-back-grace}: 0, 90m, 2h, 7d, or 1d12h. */
final class GraceDuration {
  private static final Pattern FORM = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?");

  private GraceDuration() {}

  /** @return whole minutes, 0 for none; refuses what is not a duration or exceeds 30 days, naming the bound */
  static int minutes(String text) {
    String value = text.strip().toLowerCase(java.util.Locale.ROOT);
    if (value.startsWith("-")) {
      throw CommandFailure.badInput("--switch-back-grace " + text + " is negative: give a duration such as 2h, or 0"
          + " for no switch-back");
    }
    if (value.equals("0")) {
      return 0;
    }
    Matcher m = FORM.matcher(value);
    if (value.isEmpty() || !m.matches()) {
      throw CommandFailure.badInput("--switch-back-grace '" + text + "' is not a duration: use e.g. 30m, 2h, 7d,"
          + " 1d12h, or 0 for no switch-back");
    }
    long minutes = part(m, 1) * 24 * 60 + part(m, 2) * 60 + part(m, 3);
    if (minutes > PilotPlan.MAX_SWITCH_BACK_GRACE_MINUTES) {
      throw CommandFailure.badInput("--switch-back-grace " + text + " is longer than 30 days (the longest a switched"
          + " production can keep its archive for a switch-back)");
    }
    return (int) minutes;
  }

  private static long part(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }
}
