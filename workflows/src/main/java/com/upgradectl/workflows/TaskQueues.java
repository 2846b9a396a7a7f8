package com.upgradectl.workflows;

/** The one home of task-queue names shared by workers and clients. */
public final class TaskQueues {
  /** Workflows and activities of both upgrade scenarios. */
  public static final String UPGRADES = "upgradectl-upgrades";

  private TaskQueues() {}
}
