package com.upgradectl.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns whatever a command threw into one line for the operator and a documented exit code. */
final class Failures implements IExecutionExceptionHandler {

  /** What to tell the operator and what to exit with. */
  record Outcome(int exitCode, String message) {}

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    Outcome outcome = classify(e);
    PrintWriter err = commandLine.getErr();
    err.println(commandLine.getColorScheme().errorText("upgradectl: " + outcome.message()));
    if (outcome.exitCode() == ExitCodes.FAILED && !(e instanceof CommandFailure)) {
      e.printStackTrace(err); // unexpected: keep what is needed to report it
    }
    err.flush();
    return outcome.exitCode();
  }

  static Outcome classify(Throwable e) {
    if (e instanceof CommandFailure f) {
      return new Outcome(f.exitCode(), f.getMessage());
    }
    if (e instanceof WorkflowExecutionAlreadyStarted started) {
      return new Outcome(ExitCodes.REFUSED, "an upgrade with id " + started.getExecution().getWorkflowId()
          + " is already running");
    }
    if (e instanceof WorkflowNotFoundException notFound) {
      return new Outcome(ExitCodes.NO_SUCH_UPGRADE, "no upgrade with id " + notFound.getExecution().getWorkflowId());
    }
    if (e instanceof WorkflowUpdateException update) {
      return new Outcome(ExitCodes.REFUSED, "refused: " + reason(update.getCause()));
    }
    StatusRuntimeException status = find(e, StatusRuntimeException.class);
    if (status != null) {
      Status.Code code = status.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        return new Outcome(ExitCodes.TEMPORAL_UNREACHABLE, "Temporal did not answer: " + status.getStatus());
      }
      if (code == Status.Code.NOT_FOUND) {
        return new Outcome(ExitCodes.NO_SUCH_UPGRADE, "not found: " + status.getStatus().getDescription());
      }
    }
    if (find(e, WorkflowNotFoundException.class) != null) {
      return classify(find(e, WorkflowNotFoundException.class));
    }
    if (e instanceof IllegalArgumentException) {
      return new Outcome(ExitCodes.BAD_INPUT, e.getMessage());
    }
    return new Outcome(ExitCodes.FAILED, "unexpected error: " + rootMessage(e));
  }

  /** The reason a workflow gave, without the SDK's wrapping. */
  static String reason(Throwable failure) {
    if (failure instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (failure instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return failure == null ? "no reason given" : rootMessage(failure);
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
