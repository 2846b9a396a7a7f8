package com.upgradectl.cli;

/** A failure the operator can act on: its message is printed as is, and it carries the exit code. */
final class CommandFailure extends RuntimeException {
  private final int exitCode;

  private CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  static CommandFailure badInput(String message) {
    return new CommandFailure(ExitCodes.BAD_INPUT, message, null);
  }

  static CommandFailure refused(String message) {
    return new CommandFailure(ExitCodes.REFUSED, message, null);
  }

  static CommandFailure failed(String message) {
    return new CommandFailure(ExitCodes.FAILED, message, null);
  }

  static CommandFailure unreachable(String message, Throwable cause) {
    return new CommandFailure(ExitCodes.TEMPORAL_UNREACHABLE, message, cause);
  }

  static CommandFailure noSuchUpgrade(String workflowId) {
    return new CommandFailure(ExitCodes.NO_SUCH_UPGRADE, "no upgrade with id " + workflowId, null);
  }

  int exitCode() {
    return exitCode;
  }
}
