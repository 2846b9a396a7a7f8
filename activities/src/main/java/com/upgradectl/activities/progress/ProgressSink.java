package com.upgradectl.activities.progress;

import com.upgradectl.workflows.common.ProgressReport;

/**
 * Receives the progress of a running copy, after every chunk and at every table's end. Called from
 * the copy's threads, one report at a time. A sink that throws stops the copy (the sink of the
 * worker never does: it only logs what it could not deliver).
 */
@FunctionalInterface
public interface ProgressSink {
  ProgressSink NONE = report -> {};

  void report(ProgressReport report);
}
