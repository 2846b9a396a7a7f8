package com.upgradectl.cli;

/** What `upgradectl` exits with; scripts may rely on these. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The upgrade (or the demo's verification) failed. */
  public static final int FAILED = 1;
  /** Bad input: usage, a bad name, an invalid package, a switch time in the past. Nothing was changed. */
  public static final int BAD_INPUT = 2;
  /** Refused: the workflow rejected the request in its current phase, or an upgrade of that database is already running. */
  public static final int REFUSED = 3;
  /** Temporal could not be reached. */
  public static final int TEMPORAL_UNREACHABLE = 4;
  /** No upgrade with that id. */
  public static final int NO_SUCH_UPGRADE = 5;

  /** For the help text of every command. */
  static final String[] DESCRIPTIONS = {
      OK + ":done",
      FAILED + ":the upgrade failed, or verification found a mismatch",
      BAD_INPUT + ":bad input (usage, name, package, time); nothing was changed",
      REFUSED + ":refused (not allowed in the current phase, or an upgrade of that database is already running)",
      TEMPORAL_UNREACHABLE + ":Temporal unreachable",
      NO_SUCH_UPGRADE + ":no such upgrade"};

  private ExitCodes() {}
}
