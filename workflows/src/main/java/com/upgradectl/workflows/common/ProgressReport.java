package com.upgradectl.workflows.common;

import java.util.List;

/** Sent by a running activity to its workflow so the UI's current details and `watch` can show progress. */
public record ProgressReport(String step, List<TableProgress> tables) {}
