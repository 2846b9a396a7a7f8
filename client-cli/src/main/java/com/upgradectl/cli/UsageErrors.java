package com.upgradectl.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistyped command line gets one line that names the mistake (with the option meant, when it is
 * close to one), then the usage of the subcommand it was typed for, not of every command.
 */
final class UsageErrors implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getColorScheme().errorText(message(unknownOptionFirst(e, args))));
    err.println();
    command.usage(err);
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  /**
   * picocli reports a missing required option before an unknown one, but "--pakage" typed for
   * "--package" is the mistake to name: the missing option follows from it.
   */
  private static ParameterException unknownOptionFirst(ParameterException e, String[] args) {
    if (e instanceof UnmatchedArgumentException) {
      return e;
    }
    CommandLine command = e.getCommandLine();
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (name.startsWith("-") && name.length() > 1 && command.getCommandSpec().findOption(name) == null) {
        return new UnmatchedArgumentException(command, List.of(name));
      }
    }
    return e;
  }

  static String message(ParameterException e) {
    String command = e.getCommandLine().getCommandSpec().qualifiedName();
    if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
      return command + ": " + e.getMessage();
    }
    String typed = unmatched.getUnmatched().get(0);
    String what = typed.startsWith("-") ? "unknown option " : "unknown argument ";
    List<String> meant = unmatched.getSuggestions();
    // picocli orders its suggestions most similar first
    return command + ": " + what + typed + (meant.isEmpty() ? "" : " (did you mean " + meant.get(0) + "?)");
  }
}
